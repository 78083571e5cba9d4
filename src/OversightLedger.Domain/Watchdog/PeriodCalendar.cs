using System.Globalization;

namespace OversightLedger.Domain.Watchdog;

/// <summary>Steps through well-formed payment periods (<c>yyyy-MM</c> months, <c>yyyy-Qn</c> quarters).</summary>
internal static class PeriodCalendar
{
    /// <summary>Whether the period is a quarter (else a month).</summary>
    internal static bool IsQuarter(string period) => period[5] == 'Q';

    /// <summary>The period of the same kind just before, or null before year 1.</summary>
    internal static string? Previous(string period)
    {
        int year = int.Parse(period.AsSpan(0, 4), CultureInfo.InvariantCulture);
        if (IsQuarter(period))
        {
            int quarter = period[6] - '0';
            return quarter > 1 ? Quarter(year, quarter - 1) : year > 1 ? Quarter(year - 1, 4) : null;
        }

        int month = int.Parse(period.AsSpan(5, 2), CultureInfo.InvariantCulture);
        return month > 1 ? Month(year, month - 1) : year > 1 ? Month(year - 1, 12) : null;
    }

    /// <summary>The quarter a month lies in; a quarter itself.</summary>
    internal static string QuarterOf(string period) =>
        IsQuarter(period) ? period : Quarter(int.Parse(period.AsSpan(0, 4), CultureInfo.InvariantCulture), ((int.Parse(period.AsSpan(5, 2), CultureInfo.InvariantCulture) - 1) / 3) + 1);

    /// <summary>The three months of a quarter.</summary>
    internal static IEnumerable<string> MonthsOf(string quarter)
    {
        int year = int.Parse(quarter.AsSpan(0, 4), CultureInfo.InvariantCulture);
        int first = ((quarter[6] - '0' - 1) * 3) + 1;
        return [Month(year, first), Month(year, first + 1), Month(year, first + 2)];
    }

    /// <summary>The periods that overlap <paramref name="period"/> other than itself: its quarter, or a quarter's months.</summary>
    internal static IEnumerable<string> Overlapping(string period) => IsQuarter(period) ? MonthsOf(period) : [QuarterOf(period)];

    /// <summary>"month" or "quarter".</summary>
    internal static string KindName(string period) => IsQuarter(period) ? "quarter" : "month";

    private static string Month(int year, int month) => string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}");

    private static string Quarter(int year, int quarter) => string.Create(CultureInfo.InvariantCulture, $"{year:D4}-Q{quarter}");
}
