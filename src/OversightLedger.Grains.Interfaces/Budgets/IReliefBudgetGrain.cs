using OversightLedger.Grains.Ledger;

namespace OversightLedger.Grains.Budgets;

/// <summary>
/// One ring-fenced relief budget (keyed by its id). Every change is an entry in the public log; the
/// grain's state is rebuilt from those entries when it activates.
/// </summary>
[Alias("OversightLedger.Grains.Budgets.IReliefBudgetGrain")]
public interface IReliefBudgetGrain : IGrainWithStringKey
{
    /// <summary>Opens the budget, owned by the acting donor.</summary>
    [Alias("OpenAsync")]
    Task<LedgerResult> OpenAsync(Actor actor, OpenBudgetCommand command);

    /// <summary>Records funds received.</summary>
    [Alias("ReceiveFundsAsync")]
    Task<LedgerResult> ReceiveFundsAsync(Actor actor, ReceiveFundsCommand command);

    /// <summary>Adds a tranche with its benchmarks.</summary>
    [Alias("AddTrancheAsync")]
    Task<LedgerResult> AddTrancheAsync(Actor actor, AddTrancheCommand command);

    /// <summary>Records an independent verification of a benchmark.</summary>
    [Alias("VerifyBenchmarkAsync")]
    Task<LedgerResult> VerifyBenchmarkAsync(Actor actor, VerifyBenchmarkCommand command);

    /// <summary>Registers a verifier of the budget's defined benchmarks with its group (owner only).</summary>
    [Alias("RegisterVerifierAsync")]
    Task<LedgerResult> RegisterVerifierAsync(Actor actor, RegisterVerifierCommand command);

    /// <summary>Settles a contested benchmark as met or not met, with a reason (owner only).</summary>
    [Alias("DecideBenchmarkAsync")]
    Task<LedgerResult> DecideBenchmarkAsync(Actor actor, DecideBenchmarkCommand command);

    /// <summary>Releases a tranche.</summary>
    [Alias("ReleaseTrancheAsync")]
    Task<LedgerResult> ReleaseTrancheAsync(Actor actor, ReleaseTrancheCommand command);

    /// <summary>Lists a program as eligible.</summary>
    [Alias("ListProgramAsync")]
    Task<LedgerResult> ListProgramAsync(Actor actor, ListProgramCommand command);

    /// <summary>Freezes the budget's non-exempt tranches (snap-back).</summary>
    [Alias("FreezeAsync")]
    Task<LedgerResult> FreezeAsync(Actor actor, FreezeCommand command);

    /// <summary>
    /// Snap-back after a confirmed finding: logs <c>BudgetFrozen</c> citing the finding when the budget's terms name the
    /// finding's class; refused with <c>not-a-snap-back-class</c> otherwise. Idempotent by entry id.
    /// </summary>
    [Alias("SnapBackAsync")]
    Task<LedgerResult> SnapBackAsync(SnapBackCommand command);

    /// <summary>Unfreezes the budget (an explicit, logged act of its owner).</summary>
    [Alias("UnfreezeAsync")]
    Task<LedgerResult> UnfreezeAsync(Actor actor, FreezeCommand command);

    /// <summary>Grants a humanitarian exemption.</summary>
    [Alias("GrantExemptionAsync")]
    Task<LedgerResult> GrantExemptionAsync(Actor actor, GrantExemptionCommand command);

    /// <summary>Renews an exemption with a later sunset.</summary>
    [Alias("RenewExemptionAsync")]
    Task<LedgerResult> RenewExemptionAsync(Actor actor, RenewExemptionCommand command);

    /// <summary>
    /// The sunset pass: logs <c>ExemptionExpired</c> for every exemption whose sunset is at or before <paramref name="now"/>
    /// and not yet recorded, and tells which sunsets fall before <paramref name="now"/> + <paramref name="warnWithin"/>.
    /// Running it twice logs nothing twice.
    /// </summary>
    [Alias("ApplySunsetsAsync")]
    Task<ExemptionSunsetOutcome[]> ApplySunsetsAsync(DateTimeOffset now, TimeSpan warnWithin);

    /// <summary>
    /// The review pass (issue 15 item 2): for every scheduled review of the budget's benchmarks, logs <c>ReviewOpened</c>
    /// once its window has opened and <c>ReviewClosed</c> once it has passed (passed, failed or missed, by the verifications
    /// dated in it; a contested one stays open), and tells which open within <paramref name="warnWithin"/>. Then it steps
    /// the consequence ladder for every failed or missed review whose step is not yet applied (<c>ConsequenceApplied</c>,
    /// its id derived from the review's). Running it twice logs nothing twice.
    /// </summary>
    [Alias("ApplyReviewsAsync")]
    Task<BenchmarkReviewOutcome[]> ApplyReviewsAsync(DateTimeOffset now, TimeSpan warnWithin);

    /// <summary>
    /// The owner lifts an applied step of the consequence ladder (issue 15 item 3): only after a passed review of the budget
    /// recorded after the step; logs <c>ConsequenceLifted</c>.
    /// </summary>
    [Alias("LiftConsequenceAsync")]
    Task<LedgerResult> LiftConsequenceAsync(Actor actor, LiftConsequenceCommand command);

    /// <summary>The budget's current view, or null when it was never opened.</summary>
    [Alias("GetAsync")]
    Task<BudgetView?> GetAsync();

    /// <summary>Holds money for a disbursement (ring-fence, currency, funds, freeze, exemptions); idempotent by disbursement id.</summary>
    [Alias("ReserveAsync")]
    Task<ReservationOutcome> ReserveAsync(DisbursementDraft draft, DateTimeOffset now);

    /// <summary>Holds money for several disbursements at once (a payment list); one outcome per draft, in order.</summary>
    [Alias("ReserveManyAsync")]
    Task<ReservationOutcome[]> ReserveManyAsync(DisbursementDraft[] drafts, DateTimeOffset now);

    /// <summary>
    /// Commits several logged disbursements, each with its leaf in the log (<paramref name="leafIndices"/>, in the same
    /// order): the budget keeps only a filter of its disbursements' ids and knows by the leaf whether it applied one.
    /// </summary>
    [Alias("CommitManyAsync")]
    Task CommitManyAsync(byte[][] disbursedEntries, ulong[] leafIndices);

    /// <summary>Drops several reservations.</summary>
    [Alias("ReleaseManyAsync")]
    Task ReleaseManyAsync(string[] disbursementIds);

    /// <summary>Turns a reservation into a disbursement once its entry is in the log, at <paramref name="leafIndex"/>.</summary>
    [Alias("CommitAsync")]
    Task CommitAsync(byte[] disbursedEntry, ulong leafIndex);

    /// <summary>
    /// Counts a <c>Reversed</c> or <c>Delivered</c> entry of this budget that its program logged (a reversal gives the
    /// money back to its tranche). Idempotent by entry id; anything else is refused with an <see cref="ArgumentException"/>.
    /// </summary>
    [Alias("ApplyProgramEntryAsync")]
    Task ApplyProgramEntryAsync(byte[] entry);

    /// <summary>Drops a reservation whose disbursement will not be logged.</summary>
    [Alias("ReleaseAsync")]
    Task ReleaseAsync(string disbursementId);
}
