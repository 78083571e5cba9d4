using System.Globalization;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// Times and dates as entries write them: UTC RFC 3339 with whole seconds and 'Z' (<c>2026-11-25T12:00:00Z</c>), dates
/// as <c>2026-11-25</c>. Sub-second parts are truncated when an entry is built, so the time an entry carries is exactly
/// the time its rules were decided at.
/// </summary>
internal static class EntryTime
{
    private const string TimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'";
    private const string DateFormat = "yyyy'-'MM'-'dd";

    /// <summary>The same instant in UTC, truncated to the whole second.</summary>
    internal static DateTimeOffset ToWholeSeconds(DateTimeOffset time)
    {
        DateTimeOffset utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    internal static string Format(DateTimeOffset time) =>
        ToWholeSeconds(time).ToString(TimeFormat, CultureInfo.InvariantCulture);

    internal static string Format(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    internal static bool TryParse(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(
            text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    internal static bool TryParse(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>
    /// Reads a time exactly as <see cref="Format(DateTimeOffset)"/> writes it, without the cost of a format string; false for
    /// anything else (which <see cref="TryParse(string, out DateTimeOffset)"/> may still accept, e.g. a leap second).
    /// </summary>
    internal static bool TryParseCanonical(ReadOnlySpan<char> text, out DateTimeOffset time)
    {
        time = default;
        if (text.Length != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z'
            || !TryParseCanonical(text[..10], out DateOnly date))
        {
            return false;
        }

        int hour = Digits(text.Slice(11, 2)), minute = Digits(text.Slice(14, 2)), second = Digits(text.Slice(17, 2));
        if (hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59)
        {
            return false;
        }

        time = new DateTimeOffset(date.Year, date.Month, date.Day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    /// <summary>Reads a date exactly as <see cref="Format(DateOnly)"/> writes it; false for anything else.</summary>
    internal static bool TryParseCanonical(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-')
        {
            return false;
        }

        int year = Digits(text[..4]), month = Digits(text.Slice(5, 2)), day = Digits(text.Slice(8, 2));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>The number the ASCII digits spell, or −1 if a character is not one.</summary>
    private static int Digits(ReadOnlySpan<char> text)
    {
        int value = 0;
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return -1;
            }

            value = (value * 10) + (c - '0');
        }

        return value;
    }
}
