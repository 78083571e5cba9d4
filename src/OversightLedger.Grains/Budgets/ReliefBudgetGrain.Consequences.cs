using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Ledger;

namespace OversightLedger.Grains.Budgets;

/// <summary>The consequence ladder (issue 15 item 3): stepped in the review pass, lifted by the owner.</summary>
public sealed partial class ReliefBudgetGrain
{
    /// <inheritdoc/>
    public Task<LedgerResult> LiftConsequenceAsync(Actor actor, LiftConsequenceCommand command) => RunOwnedAsync(actor, () =>
        _budget.DecideLiftConsequence(command.EntryId, Now(), _budget.Owner, command.Step, command.Reason, command.Review));

    /// <summary>
    /// Steps the ladder for every failed or missed review not yet answered, in order, each decided under the command lock.
    /// The entry id derives from the review's, so a retried pass (or a second silo) finds it recorded and reports nothing.
    /// </summary>
    private async Task ApplyDueConsequencesAsync(DateTimeOffset now, List<BenchmarkReviewOutcome> outcomes)
    {
        // At most one step per failure the ladder names: the loop ends when nothing is left to answer or a step is refused.
        for (int attempt = 0; attempt <= ConsequenceLadder.MaxSteps; attempt++)
        {
            string? review = null;
            ConsequenceAction action = default;
            LedgerResult applied = await RunAsync(() =>
            {
                review = _budget.NextFailedReviewToAnswer();
                if (review is null)
                {
                    return Decision<ConsequenceApplied>.Reject(RejectionCode.ConsequenceNotInLadder, "nothing to answer");
                }

                Decision<ConsequenceApplied> decision = _budget.DecideApplyConsequence(review, now);
                action = decision.Entry?.Action ?? default;
                return decision;
            });
            if (review is null || !applied.Accepted)
            {
                return;
            }

            if (_budget.FindEntry(review) is ReviewClosed closed)
            {
                ReviewWindow window = _budget.FindTranche(closed.Tranche)!.BenchmarkStates[closed.Benchmark].Reviews[closed.Review].Window;
                outcomes.Add(new BenchmarkReviewOutcome(
                    _budget.BudgetId, closed.Tranche, closed.Benchmark, closed.Review, window.OpensOn, window.ClosesOn, BenchmarkReviewOutcome.ConsequenceApplied,
                    ConsequenceActions.NameOf(action), applied.LeafIndex));
            }
        }
    }
}
