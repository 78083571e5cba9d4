namespace OversightLedger.Reporting.Model;

/// <summary>
/// Counterparty screening against the sanctions lists, ledger-wide: what the log shows of it (issue 16). In a report only
/// when the log read registers a counterparty or records a list before the quarter's end.
/// </summary>
/// <param name="CounterpartiesRegistered">Counterparties registered before the end of the quarter.</param>
/// <param name="Screenings">Screenings (<c>CounterpartyScreened</c>) within the quarter.</param>
/// <param name="CounterpartiesScreened">Distinct counterparties screened within the quarter.</param>
/// <param name="Hits">Screenings within the quarter that were hits.</param>
/// <param name="Cleared">Hits cleared as false positives by compliance within the quarter.</param>
/// <param name="Confirmed">Hits confirmed by compliance within the quarter (the counterparty is blocked for good).</param>
/// <param name="UnreviewedHitsAtQuarterEnd">Counterparties whose latest screening at the quarter's end is a hit no review followed (payments to them are blocked).</param>
/// <param name="ConfirmedAtQuarterEnd">Counterparties with a confirmed hit at the quarter's end.</param>
/// <param name="Lists">The list versions in force at the quarter's end (the latest each source's log records), ordered by source.</param>
public sealed record ScreeningSection(
    long CounterpartiesRegistered,
    long Screenings,
    long CounterpartiesScreened,
    long Hits,
    long Cleared,
    long Confirmed,
    long UnreviewedHitsAtQuarterEnd,
    long ConfirmedAtQuarterEnd,
    IReadOnlyList<ScreeningListVersion> Lists);
