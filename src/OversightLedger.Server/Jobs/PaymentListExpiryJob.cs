using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Vetting;

namespace OversightLedger.Server.Jobs;

/// <summary>
/// The hourly expiry pass of payment lists waiting for vetting (issue 15 item 4): every budget logs
/// <c>PaymentListExpired</c> for each waiting list whose time is up. Idempotent: the entry's id names the list, and the
/// budget decides it under its command lock, so a vetting that got there first wins and nothing is logged twice. A
/// vetting that comes after the time is up is refused even before this pass runs.
/// </summary>
public sealed partial class PaymentListExpiryJob(IGrainFactory grains, LedgerLog log, TimeProvider time, ILogger<PaymentListExpiryJob> logger)
{
    /// <summary>Runs the pass over every budget in the log; returns the lists it expired.</summary>
    public async Task<IReadOnlyList<PaymentListExpiryOutcome>> RunAsync()
    {
        DateTimeOffset now = time.GetUtcNow();
        List<PaymentListExpiryOutcome> outcomes = [];
        foreach (string budget in await LoggedBudgets.ListAsync(log))
        {
            outcomes.AddRange(await grains.GetGrain<IBudgetVettingGrain>(budget).ExpirePaymentListsAsync(now));
        }

        foreach (PaymentListExpiryOutcome outcome in outcomes)
        {
            LogExpired(logger, outcome.List, outcome.Program, outcome.Budget, outcome.LeafIndex);
        }

        return outcomes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment list {List} of program {Program} on budget {Budget} waited its whole time without a vetting; expiry logged at leaf {LeafIndex}")]
    private static partial void LogExpired(ILogger logger, string list, string program, string budget, ulong? leafIndex);
}
