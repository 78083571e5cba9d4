namespace OversightLedger.Reporting.Model;

/// <summary>
/// The watchdogs' findings: how many were raised, disputed, dismissed and confirmed within the quarter, how many were
/// still open (open or disputed) at its end, and each finding that any of these counts includes.
/// </summary>
/// <param name="RaisedInQuarter">Findings raised within the quarter.</param>
/// <param name="DisputedInQuarter">Distinct findings disputed within the quarter.</param>
/// <param name="DismissedInQuarter">Findings resolved as dismissed within the quarter.</param>
/// <param name="ConfirmedInQuarter">Findings resolved as confirmed within the quarter.</param>
/// <param name="OpenAtQuarterEnd">Findings raised before the end of the quarter and not resolved by then (open or disputed).</param>
/// <param name="Findings">Every finding counted above, ordered by the leaf index it was raised at.</param>
public sealed record FindingsSection(
    long RaisedInQuarter,
    long DisputedInQuarter,
    long DismissedInQuarter,
    long ConfirmedInQuarter,
    long OpenAtQuarterEnd,
    IReadOnlyList<FindingReport> Findings);
