using OversightLedger.Domain.Entries;

namespace OversightLedger.Reporting.Model;

/// <summary>One watchdog finding: what it says, and its lifecycle up to the end of the quarter.</summary>
/// <param name="Finding">The finding id.</param>
/// <param name="Watchdog">The watchdog organisation that raised it.</param>
/// <param name="Class">The violation class, e.g. <c>duplicate-beneficiary</c>.</param>
/// <param name="Budgets">The budgets it concerns.</param>
/// <param name="Programs">The programs it concerns.</param>
/// <param name="Leaves">The leaf indices of the entries it rests on.</param>
/// <param name="Summary">What was seen, in words.</param>
/// <param name="RaisedAt">When it was raised (UTC).</param>
/// <param name="RaisedLeaf">The leaf index of the <c>FindingRaised</c> entry.</param>
/// <param name="Status">Its status at the end of the quarter.</param>
/// <param name="DisputedAt">When it was last disputed before the end of the quarter, or null.</param>
/// <param name="DisputedLeaf">The leaf index of that <c>FindingDisputed</c> entry, or null.</param>
/// <param name="DisputedBy">The agency key that disputed it, or null.</param>
/// <param name="ResolvedAt">When it was resolved, or null when not resolved by the end of the quarter.</param>
/// <param name="ResolvedLeaf">The leaf index of the <c>FindingResolved</c> entry, or null.</param>
/// <param name="ResolvedBy">The key that resolved it, or null.</param>
/// <param name="Action">The corrective action (confirmed) or the reason (dismissed), or null.</param>
public sealed record FindingReport(
    string Finding,
    string Watchdog,
    string Class,
    NameSet Budgets,
    NameSet Programs,
    IReadOnlyList<long> Leaves,
    string Summary,
    DateTimeOffset RaisedAt,
    ulong RaisedLeaf,
    FindingStatus Status,
    DateTimeOffset? DisputedAt,
    ulong? DisputedLeaf,
    string? DisputedBy,
    DateTimeOffset? ResolvedAt,
    ulong? ResolvedLeaf,
    string? ResolvedBy,
    string? Action);
