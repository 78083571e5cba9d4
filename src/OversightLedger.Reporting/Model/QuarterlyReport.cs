namespace OversightLedger.Reporting.Model;

/// <summary>
/// The quarterly transparency report: every figure computed from the public log alone, at one signed checkpoint.
/// </summary>
/// <remarks>
/// <para>
/// <b>What is counted.</b> The report reads leaves 0 to <c>Checkpoint.Size − 1</c> and classifies each entry by its
/// time (UTC, whole seconds): before <see cref="ReportQuarter.Start"/> it counts in the balances only; within
/// [<see cref="ReportQuarter.Start"/>, <see cref="ReportQuarter.End"/>) in the flows and the balances; at or after
/// <see cref="ReportQuarter.End"/> it is ignored. So "in the quarter" means flows within the quarter, and "at quarter
/// end" means cumulative balances as of the quarter's end; a report computed at a later checkpoint gives the same
/// figures, provided no entry was recorded after the first checkpoint with a time inside the quarter (the ledger
/// stamps entries as it decides them, so only in-flight decisions at the turn of the quarter could be).
/// </para>
/// <para>
/// <b>Available.</b> Available = released − net disbursed (<see cref="BudgetBalances.Available"/>): what the log can
/// prove. In-flight reservations never reach the log and are not in any report.
/// </para>
/// <para>
/// <b>Money</b> is <c>Money</c> (whole minor units, never floating point), written as decimal strings with exactly the
/// currency's ISO 4217 minor-unit decimals. Amounts in different currencies are never added together.
/// </para>
/// <para>
/// <b>Order.</b> Every list is in a fixed order (by id, code or leaf index, ordinal), so the same log and checkpoint
/// always give the same report and the same file bytes. Lists are compared by content through
/// <c>ReportFigures.Flatten</c>, not by record equality.
/// </para>
/// </remarks>
/// <param name="Quarter">The quarter covered.</param>
/// <param name="Checkpoint">The checkpoint the figures were computed at.</param>
/// <param name="Coverage">Which leaves were read and used.</param>
/// <param name="Totals">All budgets added up per currency, ordered by currency code.</param>
/// <param name="Budgets">Every budget opened before the end of the quarter, ordered by id.</param>
/// <param name="Programs">Every program opened before the end of the quarter, ordered by id.</param>
/// <param name="Sectors">Disbursements by sector and currency, ordered by sector then currency.</param>
/// <param name="Countries">Disbursements by recipient country and currency, ordered by country then currency.</param>
/// <param name="Months">Disbursements per month and currency, ordered by currency then month.</param>
/// <param name="Findings">The watchdogs' findings.</param>
/// <param name="SnapBacks">Freezes and unfreezes within the quarter, in leaf order.</param>
/// <param name="Exemptions">Exemptions in force at the end of the quarter, ordered by budget then exemption id.</param>
/// <param name="Transactions">The IATI transactions within the quarter, ordered by budget, then first leaf, then kind.</param>
/// <param name="Uncounted">Entries no figure counts (at most <see cref="MaxUncountedListed"/> listed; <see cref="ReportCoverage.UncountedEntries"/> has the total).</param>
/// <param name="Anchor">The newest Bitcoin anchor covering the checkpoint, or null when the log read records none (and in reports written before anchors).</param>
/// <param name="Screening">Counterparty screening against the sanctions lists, or null when the log read registers no counterparty and records no list (and in reports written before screening).</param>
/// <param name="Consequences">Steps of consequence ladders applied or lifted within the quarter, in leaf order; null or empty when none (such a report keeps the bytes it had before ladders).</param>
/// <param name="Licences">The general licences recorded before the end of the quarter with what was paid under each, ordered by id; null when the log records none (so such reports keep their bytes).</param>
public sealed record QuarterlyReport(
    ReportQuarter Quarter,
    ReportCheckpoint Checkpoint,
    ReportCoverage Coverage,
    IReadOnlyList<CurrencyTotals> Totals,
    IReadOnlyList<BudgetReport> Budgets,
    IReadOnlyList<ProgramReport> Programs,
    IReadOnlyList<SectorReport> Sectors,
    IReadOnlyList<CountryReport> Countries,
    IReadOnlyList<MonthReport> Months,
    FindingsSection Findings,
    IReadOnlyList<SnapBackEvent> SnapBacks,
    IReadOnlyList<ExemptionReport> Exemptions,
    IReadOnlyList<ReportTransaction> Transactions,
    IReadOnlyList<UncountedEntry> Uncounted,
    ReportAnchor? Anchor = null,
    ScreeningSection? Screening = null,
    IReadOnlyList<ConsequenceEvent>? Consequences = null,
    IReadOnlyList<LicenceReport>? Licences = null)
{
    /// <summary>The format name and version the JSON file declares as <c>"format"</c>.</summary>
    public const string FormatName = "oversightledger-quarterly-report/1";

    /// <summary>The most uncounted entries a report lists one by one.</summary>
    public const int MaxUncountedListed = 1000;

    /// <summary>How far after the end of the quarter an exemption's sunset counts as near (30 days).</summary>
    public static readonly TimeSpan SunsetWarning = TimeSpan.FromDays(30);
}
