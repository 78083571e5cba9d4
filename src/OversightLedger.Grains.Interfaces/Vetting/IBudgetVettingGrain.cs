using OversightLedger.Grains.Ledger;

namespace OversightLedger.Grains.Vetting;

/// <summary>
/// The vetting side of a budget (keyed by the budget id, implemented by the budget grain): its term, its vetting bodies,
/// and the public life of each list submitted to it (submitted, vetted, expired), each step decided under the budget's
/// command lock, so a vetting and an expiry never both pass.
/// </summary>
[Alias("OversightLedger.Grains.Vetting.IBudgetVettingGrain")]
public interface IBudgetVettingGrain : IGrainWithStringKey
{
    /// <summary>Sets the budget's vetting term (owner only, once).</summary>
    [Alias("RequireVettingAsync")]
    Task<LedgerResult> RequireVettingAsync(Actor actor, RequireVettingCommand command);

    /// <summary>Registers a vetting body (owner only; never the owner).</summary>
    [Alias("RegisterVetterAsync")]
    Task<LedgerResult> RegisterVetterAsync(Actor actor, RegisterVetterCommand command);

    /// <summary>The term and vetting bodies; null when the budget is not open or requires no vetting.</summary>
    [Alias("GetVettingAsync")]
    Task<VettingTermsView?> GetVettingAsync();

    /// <summary>Logs a list's submission (its hash, rows and total); the same submission again returns the recorded entry.</summary>
    [Alias("SubmitPaymentListAsync")]
    Task<LedgerResult> SubmitPaymentListAsync(PaymentListSubmission submission);

    /// <summary>Logs a registered vetting body's decision on a waiting list.</summary>
    [Alias("VetPaymentListAsync")]
    Task<LedgerResult> VetPaymentListAsync(Actor actor, VetPaymentListCommand command);

    /// <summary>A list as the log tells it; null when the budget has none of that id.</summary>
    [Alias("GetPaymentListAsync")]
    Task<PaymentListLogView?> GetPaymentListAsync(string program, string list);

    /// <summary>Records every waiting list whose time is up at <paramref name="now"/> as expired (the hourly job).</summary>
    [Alias("ExpirePaymentListsAsync")]
    Task<PaymentListExpiryOutcome[]> ExpirePaymentListsAsync(DateTimeOffset now);
}
