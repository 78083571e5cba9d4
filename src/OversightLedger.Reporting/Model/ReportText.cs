using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Reporting.Model;

/// <summary>
/// How the report files write values that are not plain strings or numbers: times, dates and the report's enumerations.
/// Every writer (JSON, CSV, and the renderers) uses these, so the files agree with each other.
/// </summary>
public static class ReportText
{
    private const string TimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'";
    private const string DateFormat = "yyyy'-'MM'-'dd";

    /// <summary>A time as UTC RFC 3339 with whole seconds, e.g. <c>2026-11-25T12:00:00Z</c> (the form entries use).</summary>
    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>A date, e.g. <c>2026-11-25</c>.</summary>
    public static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a time written by <see cref="Time"/>.</summary>
    /// <exception cref="FormatException">It is not in that form.</exception>
    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time)
            ? time
            : throw new FormatException($"'{text}' is not a UTC time such as 2026-11-25T12:00:00Z");

    /// <summary>Reads a date written by <see cref="Date"/>.</summary>
    /// <exception cref="FormatException">It is not in that form.</exception>
    public static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
            ? date
            : throw new FormatException($"'{text}' is not a date such as 2026-11-25");

    /// <summary><c>awaiting-benchmarks</c>, <c>ready</c> or <c>released</c>.</summary>
    public static string Of(TrancheStatus status) => status switch
    {
        TrancheStatus.AwaitingBenchmarks => "awaiting-benchmarks",
        TrancheStatus.Ready => "ready",
        TrancheStatus.Released => "released",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary><c>open</c>, <c>disputed</c>, <c>dismissed</c> or <c>confirmed</c>.</summary>
    public static string Of(FindingStatus status) => status switch
    {
        FindingStatus.Open => "open",
        FindingStatus.Disputed => "disputed",
        FindingStatus.Dismissed => "dismissed",
        FindingStatus.Confirmed => "confirmed",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary><c>frozen</c> or <c>unfrozen</c>.</summary>
    public static string Of(SnapBackEventKind kind) => kind switch
    {
        SnapBackEventKind.Frozen => "frozen",
        SnapBackEventKind.Unfrozen => "unfrozen",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary><c>incoming-funds</c>, <c>commitment</c>, <c>disbursements</c> or <c>reversals</c>.</summary>
    public static string Of(ReportTransactionKind kind) => kind switch
    {
        ReportTransactionKind.IncomingFunds => "incoming-funds",
        ReportTransactionKind.Commitment => "commitment",
        ReportTransactionKind.Disbursements => "disbursements",
        ReportTransactionKind.Reversals => "reversals",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary><c>month</c> or <c>quarter</c>, as entries write it.</summary>
    public static string Of(CapPeriod period) => PaymentPeriod.ToText(period);

    /// <summary>Reads a tranche status.</summary>
    public static bool TryParse(string text, out TrancheStatus status) => TryParse(text, Enum.GetValues<TrancheStatus>(), Of, out status);

    /// <summary>Reads a finding status.</summary>
    public static bool TryParse(string text, out FindingStatus status) => TryParse(text, Enum.GetValues<FindingStatus>(), Of, out status);

    /// <summary>Reads a snap-back event kind.</summary>
    public static bool TryParse(string text, out SnapBackEventKind kind) => TryParse(text, Enum.GetValues<SnapBackEventKind>(), Of, out kind);

    /// <summary>Reads a transaction kind.</summary>
    public static bool TryParse(string text, out ReportTransactionKind kind) => TryParse(text, Enum.GetValues<ReportTransactionKind>(), Of, out kind);

    /// <summary>Reads a cap period.</summary>
    public static bool TryParse(string text, out CapPeriod period) => PaymentPeriod.TryParseKind(text, out period);

    private static bool TryParse<T>(string text, T[] values, Func<T, string> format, [MaybeNullWhen(false)] out T value)
        where T : struct, Enum
    {
        foreach (T candidate in values)
        {
            if (format(candidate) == text)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
