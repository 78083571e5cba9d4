using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Vetting;

namespace OversightLedger.Grains.Budgets;

/// <summary>The vetting side of the budget (issue 15 item 4): every step decided under the command lock.</summary>
public sealed partial class ReliefBudgetGrain : IBudgetVettingGrain
{
    /// <inheritdoc/>
    public Task<LedgerResult> RequireVettingAsync(Actor actor, RequireVettingCommand command) => RunOwnedAsync(actor, () =>
        _budget.DecideRequireVetting(command.EntryId, Now(), _budget.Owner, command.Threshold.In(_budget.Currency), command.MaxWaitDays));

    /// <inheritdoc/>
    public Task<LedgerResult> RegisterVetterAsync(Actor actor, RegisterVetterCommand command) => RunOwnedAsync(actor, () =>
        _budget.DecideRegisterVetter(command.EntryId, Now(), _budget.Owner, command.Vetter));

    /// <inheritdoc/>
    public Task<VettingTermsView?> GetVettingAsync() => Task.FromResult(
        _budget.IsOpen && _budget.Vetting is { } terms
            ? new VettingTermsView(_budget.BudgetId, _budget.Currency.Code, terms.Threshold.ToDecimalString(), terms.MaxWaitDays, [.. _budget.Vetters.Order(StringComparer.Ordinal)])
            : null);

    /// <inheritdoc/>
    public Task<LedgerResult> SubmitPaymentListAsync(PaymentListSubmission submission) => RunOpenAsync(() =>
    {
        // The same submission again (a retry after a crash between the log and the list's own state) is the recorded entry.
        if (_budget.FindPaymentList(submission.Program, submission.List) is { } recorded
            && recorded.Submitted.Sha256 == submission.Sha256 && recorded.Submitted.Agency == submission.Agency)
        {
            return Decision<PaymentListSubmitted>.AlreadyRecorded(recorded.Submitted);
        }

        return _budget.DecideSubmitPaymentList(
            EntryIds.PaymentListSubmitted(submission.Program, submission.List), Now(), submission.Program, submission.Agency, submission.List,
            submission.Sha256, submission.Rows, submission.Total.In(_budget.Currency));
    });

    /// <inheritdoc/>
    public Task<LedgerResult> VetPaymentListAsync(Actor actor, VetPaymentListCommand command) => RunOpenAsync(() =>
        _budget.DecideVetPaymentList(
            EntryIds.PaymentListVetted(command.Program, command.List), Now(), command.Program, command.List, actor.Principal, command.Approved,
            command.Refused.ToDictionary(r => r.Row, r => r.Reason, StringComparer.Ordinal)));

    /// <inheritdoc/>
    public Task<PaymentListLogView?> GetPaymentListAsync(string program, string list) => Task.FromResult(
        _budget.IsOpen && _budget.FindPaymentList(program, list) is { } found ? ViewOf(found) : null);

    /// <inheritdoc/>
    public async Task<PaymentListExpiryOutcome[]> ExpirePaymentListsAsync(DateTimeOffset now)
    {
        if (!_budget.IsOpen)
        {
            return [];
        }

        List<PaymentListExpiryOutcome> outcomes = [];
        foreach (VettedPaymentList list in _budget.PaymentLists.Where(l => l.Status == PaymentListStatus.Waiting && l.Submitted.ExpiresAt <= now).ToList())
        {
            // Decided under the command lock: a vetting logged first makes this a refusal (already-vetted), and the other way round.
            PaymentListSubmitted submitted = list.Submitted;
            bool waiting = false;
            LedgerResult result = await RunAsync(() =>
            {
                waiting = list.Status == PaymentListStatus.Waiting;
                return _budget.DecideExpirePaymentList(EntryIds.PaymentListExpired(submitted.Program, submitted.List), now, submitted.Program, submitted.List);
            });
            if (result.Accepted && waiting)
            {
                outcomes.Add(new PaymentListExpiryOutcome(_budget.BudgetId, submitted.Program, submitted.List, result.LeafIndex));
            }
        }

        return [.. outcomes];
    }

    private static PaymentListLogView ViewOf(VettedPaymentList list)
    {
        PaymentListSubmitted submitted = list.Submitted;
        string status = list.Status switch
        {
            PaymentListStatus.Vetted => "vetted",
            PaymentListStatus.Expired => "expired",
            _ => "waiting",
        };
        return new PaymentListLogView(
            submitted.Program, submitted.List, submitted.Budget, submitted.Agency, status, submitted.Sha256, submitted.Rows, submitted.Total.Currency.Code,
            submitted.Total.ToDecimalString(), submitted.Time, submitted.ExpiresAt, list.Vetting?.Vetter, [.. list.Vetting?.Approved ?? NameSet.Empty],
            [.. (list.Vetting?.Refused ?? new Dictionary<string, string>()).Select(r => new RowRefusal(r.Key, r.Value))]);
    }
}
