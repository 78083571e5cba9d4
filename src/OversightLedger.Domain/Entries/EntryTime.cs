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
}
