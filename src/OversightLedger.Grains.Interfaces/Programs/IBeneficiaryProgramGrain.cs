using OversightLedger.Grains.Ledger;

namespace OversightLedger.Grains.Programs;

/// <summary>
/// One beneficiary program (keyed by its id): its agency, enrolled pseudonyms, caps, and the
/// disbursement flow with the log as commit point (reserve on the budget → append → commit → receipt).
/// </summary>
[Alias("OversightLedger.Grains.Programs.IBeneficiaryProgramGrain")]
public interface IBeneficiaryProgramGrain : IGrainWithStringKey
{
    /// <summary>Opens the program for the acting agency.</summary>
    [Alias("OpenAsync")]
    Task<LedgerResult> OpenAsync(Actor actor, OpenProgramCommand command);

    /// <summary>Enrols a beneficiary pseudonym.</summary>
    [Alias("EnrollAsync")]
    Task<LedgerResult> EnrollAsync(Actor actor, EnrollCommand command);

    /// <summary>Disburses once: replaying the same id returns the same receipt and moves no money twice.</summary>
    [Alias("DisburseAsync")]
    Task<LedgerResult> DisburseAsync(Actor actor, DisburseCommand command);

    /// <summary>Disburses a payment list: one result per row, in order; each row idempotent by its id.</summary>
    [Alias("DisburseManyAsync")]
    Task<LedgerResult[]> DisburseManyAsync(Actor actor, DisburseCommand[] commands);

    /// <summary>
    /// Reverses all or part of a disbursement of this program (failed, returned or recovered): logs <c>Reversed</c>, gives
    /// the cap back on the program and the money back to the budget's tranche. Only the program's agency; never more than
    /// is left of the payment; idempotent by entry id.
    /// </summary>
    [Alias("ReverseAsync")]
    Task<LedgerResult> ReverseAsync(Actor actor, ReverseCommand command);

    /// <summary>Confirms a disbursement's delivery: logs <c>Delivered</c> once per disbursement, not after a reversal in full. Only the program's agency.</summary>
    [Alias("ConfirmDeliveryAsync")]
    Task<LedgerResult> ConfirmDeliveryAsync(Actor actor, ConfirmDeliveryCommand command);

    /// <summary>The program's current view, or null when it was never opened.</summary>
    [Alias("GetAsync")]
    Task<ProgramView?> GetAsync();
}
