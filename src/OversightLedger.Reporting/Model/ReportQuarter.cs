using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OversightLedger.Reporting.Model;

/// <summary>
/// A calendar quarter in UTC, written <c>2026-Q4</c>: from <see cref="Start"/> (inclusive, 00:00:00 UTC on the first day)
/// to <see cref="End"/> (exclusive, 00:00:00 UTC on the first day of the next quarter).
/// </summary>
public readonly record struct ReportQuarter : IComparable<ReportQuarter>
{
    /// <summary>Creates the quarter <paramref name="number"/> (1–4) of <paramref name="year"/> (1–9998).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year or the quarter number is out of range.</exception>
    public ReportQuarter(int year, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9998);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 4);
        Year = year;
        Number = number;
    }

    /// <summary>The year.</summary>
    public int Year { get; }

    /// <summary>The quarter of the year, 1 to 4.</summary>
    public int Number { get; }

    /// <summary>The first instant of the quarter (UTC), inclusive.</summary>
    public DateTimeOffset Start => new(Year, ((Number - 1) * 3) + 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first instant after the quarter (UTC): the start of <see cref="Next"/>; exclusive.</summary>
    public DateTimeOffset End => Start.AddMonths(3);

    /// <summary>The quarter before this one.</summary>
    public ReportQuarter Previous => Number == 1 ? new(Year - 1, 4) : new(Year, Number - 1);

    /// <summary>The quarter after this one.</summary>
    public ReportQuarter Next => Number == 4 ? new(Year + 1, 1) : new(Year, Number + 1);

    /// <summary>The three months of the quarter, written <c>yyyy-MM</c> (the form of a monthly payment period).</summary>
    public IReadOnlyList<string> Months
    {
        get
        {
            DateTimeOffset start = Start;
            return [.. Enumerable.Range(0, 3).Select(i => start.AddMonths(i).ToString("yyyy'-'MM", CultureInfo.InvariantCulture))];
        }
    }

    /// <summary>The quarter that holds <paramref name="time"/> (taken in UTC).</summary>
    public static ReportQuarter Containing(DateTimeOffset time)
    {
        DateTimeOffset utc = time.ToUniversalTime();
        return new ReportQuarter(utc.Year, ((utc.Month - 1) / 3) + 1);
    }

    /// <summary>Reads <c>yyyy-Qn</c>, e.g. <c>2026-Q4</c>.</summary>
    /// <exception cref="FormatException">The text is not a quarter in that form.</exception>
    public static ReportQuarter Parse(string text) =>
        TryParse(text, out ReportQuarter quarter)
            ? quarter
            : throw new FormatException($"'{text}' is not a quarter such as 2026-Q4");

    /// <summary>Like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ReportQuarter quarter)
    {
        quarter = default;
        if (text is null || text.Length != 7 || text[4] != '-' || text[5] != 'Q' || text[6] is < '1' or > '4'
            || text.AsSpan(0, 4).IndexOfAnyExceptInRange('0', '9') >= 0)
        {
            return false;
        }

        int year = int.Parse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture);
        if (year is < 1 or > 9998)
        {
            return false;
        }

        quarter = new ReportQuarter(year, text[6] - '0');
        return true;
    }

    /// <summary>Whether <paramref name="time"/> falls within the quarter: <see cref="Start"/> ≤ time &lt; <see cref="End"/>.</summary>
    public bool Contains(DateTimeOffset time) => time >= Start && time < End;

    /// <summary>Orders quarters in time.</summary>
    public int CompareTo(ReportQuarter other) => (Year, Number).CompareTo((other.Year, other.Number));

    /// <summary>The quarter as <c>yyyy-Qn</c>, e.g. <c>2026-Q4</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-Q{Number}");

    /// <summary>Whether <paramref name="left"/> is before <paramref name="right"/>.</summary>
    public static bool operator <(ReportQuarter left, ReportQuarter right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> is after <paramref name="right"/>.</summary>
    public static bool operator >(ReportQuarter left, ReportQuarter right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> is not after <paramref name="right"/>.</summary>
    public static bool operator <=(ReportQuarter left, ReportQuarter right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> is not before <paramref name="right"/>.</summary>
    public static bool operator >=(ReportQuarter left, ReportQuarter right) => left.CompareTo(right) >= 0;
}
