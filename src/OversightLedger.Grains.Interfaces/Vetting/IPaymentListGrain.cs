using OversightLedger.Grains.Ledger;

namespace OversightLedger.Grains.Vetting;

/// <summary>
/// One payment list submitted for vetting, keyed <c>&lt;program&gt;/&lt;list&gt;</c>. Its rows are private grain
/// state, written before its submission is logged; once its vetting is logged it pays the approved rows through the
/// program's ordinary disbursement path and keeps each row's result.
/// </summary>
[Alias("OversightLedger.Grains.Vetting.IPaymentListGrain")]
public interface IPaymentListGrain : IGrainWithStringKey
{
    /// <summary>Keeps the rows and logs the submission (the agency of the program only); the same rows again are idempotent, other rows under the id a 409.</summary>
    [Alias("SubmitAsync")]
    Task<LedgerResult> SubmitAsync(Actor actor, SubmitPaymentListCommand command);

    /// <summary>A vetting body approves rows and refuses others (<paramref name="approved"/> null: every row not refused); then the approved rows are paid.</summary>
    [Alias("VetAsync")]
    Task<LedgerResult> VetAsync(Actor actor, string[]? approved, RowRefusal[] refused);

    /// <summary>The list's status and row results (public: row ids and results only); pays a vetted list not yet paid. Null when unknown.</summary>
    [Alias("GetAsync")]
    Task<PaymentListView?> GetAsync();

    /// <summary>The rows with their references, for the agency, the budget's vetting bodies and an admin.</summary>
    [Alias("GetRowsAsync")]
    Task<PaymentListRowsView> GetRowsAsync(Actor actor);
}
