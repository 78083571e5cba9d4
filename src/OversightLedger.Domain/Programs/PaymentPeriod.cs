using System.Globalization;

namespace OversightLedger.Domain.Programs;

/// <summary>
/// Payment periods as written in entries: <c>yyyy-MM</c> for a month, <c>yyyy-Qn</c> for a quarter, UTC. Periods of one
/// kind sort in time order as ordinal strings.
/// </summary>
public static class PaymentPeriod
{
    /// <summary>The period of <paramref name="kind"/> that holds <paramref name="time"/> (in UTC).</summary>
    public static string Of(CapPeriod kind, DateTimeOffset time)
    {
        DateTimeOffset utc = time.ToUniversalTime();
        return kind switch
        {
            CapPeriod.Month => utc.ToString("yyyy'-'MM", CultureInfo.InvariantCulture),
            CapPeriod.Quarter => string.Create(CultureInfo.InvariantCulture, $"{utc.Year:D4}-Q{((utc.Month - 1) / 3) + 1}"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown cap period"),
        };
    }

    /// <summary>Whether <paramref name="period"/> is a period of <paramref name="kind"/>.</summary>
    public static bool IsPeriodOf(CapPeriod kind, string period) =>
        TryGetKind(period, out CapPeriod actual) && actual == kind;

    /// <summary>Whether <paramref name="period"/> is a month (<c>2026-11</c>) or a quarter (<c>2026-Q4</c>).</summary>
    public static bool IsWellFormed(string period) => TryGetKind(period, out _);

    /// <summary>The text of a cap period in entries: <c>month</c> or <c>quarter</c>.</summary>
    public static string ToText(CapPeriod kind) => kind switch
    {
        CapPeriod.Month => "month",
        CapPeriod.Quarter => "quarter",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown cap period"),
    };

    /// <summary>Reads <c>month</c> or <c>quarter</c>.</summary>
    public static bool TryParseKind(string? text, out CapPeriod kind)
    {
        (bool known, kind) = text switch
        {
            "month" => (true, CapPeriod.Month),
            "quarter" => (true, CapPeriod.Quarter),
            _ => (false, default),
        };
        return known;
    }

    private static bool TryGetKind(string? period, out CapPeriod kind)
    {
        kind = default;
        if (period is not { Length: 7 } || period[4] != '-' || !period[..4].All(char.IsAsciiDigit) || period[..4] == "0000")
        {
            return false;
        }

        if (period[5] == 'Q')
        {
            kind = CapPeriod.Quarter;
            return period[6] is >= '1' and <= '4';
        }

        kind = CapPeriod.Month;
        return char.IsAsciiDigit(period[5]) && char.IsAsciiDigit(period[6])
            && int.Parse(period.AsSpan(5, 2), CultureInfo.InvariantCulture) is >= 1 and <= 12;
    }
}
