using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;

namespace OversightLedger.Reporting.Model;

/// <summary>One tranche of a budget as it stood at the end of the quarter.</summary>
/// <param name="Tranche">The tranche id.</param>
/// <param name="Amount">The planned amount (the most a release may be).</param>
/// <param name="Humanitarian">Whether it funds humanitarian-exempt activities (keeps flowing under snap-back while an exemption is in force).</param>
/// <param name="Benchmarks">The benchmarks that must be verified before release.</param>
/// <param name="Status">Awaiting benchmarks, ready, or released.</param>
/// <param name="Released">The amount released (zero when not released).</param>
/// <param name="ReleasedAt">When it was released (UTC), or null.</param>
/// <param name="ReleaseLeaf">The leaf index of the <c>TrancheReleased</c> entry, or null.</param>
/// <param name="ReleasedBy">The key id that released it, or null.</param>
/// <param name="NetDisbursed">What was disbursed from it, net of reversals, by the end of the quarter.</param>
/// <param name="Verifications">
/// For a released tranche, the verifications its release relied on (the latest recorded before the release of each
/// benchmark it names); otherwise the latest recorded verification of each benchmark so far. Ordered by benchmark id.
/// </param>
/// <param name="Indicators">The tranche's defined benchmarks (issue 15) with their status at the end of the quarter, ordered by benchmark id.</param>
public sealed record TrancheReport(
    string Tranche,
    Money Amount,
    bool Humanitarian,
    NameSet Benchmarks,
    TrancheStatus Status,
    Money Released,
    DateTimeOffset? ReleasedAt,
    ulong? ReleaseLeaf,
    string? ReleasedBy,
    Money NetDisbursed,
    IReadOnlyList<BenchmarkVerificationReport> Verifications,
    IReadOnlyList<BenchmarkIndicatorReport> Indicators);
