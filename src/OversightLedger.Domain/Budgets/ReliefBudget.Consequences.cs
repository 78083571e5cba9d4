using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Budgets;

/// <summary>
/// Graded consequences (issue 15 item 3, DESIGN §5.9): the ladder fixed in the budget's terms, stepped by failed or missed
/// reviews, each step a logged <see cref="ConsequenceApplied"/>, undone only by the owner's <see cref="ConsequenceLifted"/>
/// after a passed review. Humanitarian tranches are never held by a step, so exempt payments keep flowing at every step.
/// </summary>
public sealed partial class ReliefBudget
{
    private readonly List<string> _failedReviews = [];
    private readonly Dictionary<string, long> _reviewSequence = new(StringComparer.Ordinal);
    private readonly List<AppliedConsequence> _consequences = [];
    private long _ladderSequence;

    /// <summary>The ladder in the budget's terms; null when it holds none.</summary>
    public ConsequenceLadder? Ladder => Terms?.ConsequenceLadder;

    /// <summary>The steps applied, in the order applied.</summary>
    public IReadOnlyList<AppliedConsequence> Consequences => _consequences;

    /// <summary>The ids of the failed or missed reviews of the budget, in log order: the n-th is the n-th failure the ladder counts.</summary>
    public IReadOnlyList<string> FailedReviews => _failedReviews;

    /// <summary>The step in force that holds the tranche (the earliest one), or null.</summary>
    public AppliedConsequence? HoldOn(string trancheId) =>
        _consequences.Find(c => c.IsInForce && c.Applied.Tranches.Contains(trancheId));

    /// <summary>The applied step with this number, or null.</summary>
    public AppliedConsequence? FindConsequence(int step) => _consequences.Find(c => c.Step == step);

    /// <summary>
    /// The failed or missed review the ladder must answer next (its entry id), or null when every due step is applied:
    /// the first failure, in log order, whose count has a step in the ladder that is not applied yet.
    /// </summary>
    public string? NextFailedReviewToAnswer()
    {
        if (Ladder is not { } ladder)
        {
            return null;
        }

        for (int i = 0; i < _failedReviews.Count; i++)
        {
            int step = ladder.StepFor(i + 1);
            if (step > 0 && FindConsequence(step) is null)
            {
                return _failedReviews[i];
            }
        }

        return null;
    }

    /// <summary>
    /// Decides the ladder's answer to the failed or missed review <paramref name="reviewClosedId"/>: the step its count
    /// names, holding the tranches the step's action holds now. The entry id is derived from the review's, so a retried
    /// job applies a step once.
    /// </summary>
    public Decision<ConsequenceApplied> DecideApplyConsequence(string reviewClosedId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reviewClosedId);
        if (FindEntry(EntryIds.ConsequenceApplied(BudgetId, reviewClosedId)) is ConsequenceApplied recorded)
        {
            // A retried job: the step is recorded as it was decided then (the tranches it held then, not now).
            return Decision<ConsequenceApplied>.AlreadyRecorded(recorded);
        }

        int strike = _failedReviews.IndexOf(reviewClosedId) + 1;
        if (Ladder is not { } ladder || strike == 0 || ladder.StepFor(strike) is not (> 0 and var step))
        {
            return Decision<ConsequenceApplied>.Reject(
                RejectionCode.ConsequenceNotInLadder, $"the ladder of the budget '{BudgetId}' has no step for the review '{reviewClosedId}'");
        }

        ConsequenceAction action = ladder.Step(step)!.Action;
        return Decide(() => new ConsequenceApplied(
            EntryIds.ConsequenceApplied(BudgetId, reviewClosedId), now, BudgetId, step, action, TranchesHeldBy(action), reviewClosedId));
    }

    /// <summary>
    /// Decides lifting step <paramref name="step"/> (owner only), relying on the passed review <paramref name="passedReview"/>
    /// or, when null, on the latest passed review of the budget recorded after the step.
    /// </summary>
    public Decision<ConsequenceLifted> DecideLiftConsequence(string entryId, DateTimeOffset now, string actingKey, int step, string reason, string? passedReview = null)
    {
        string review = passedReview ?? LatestPassedReviewAfter(FindConsequence(step)) ?? NoPassedReview;
        return Decide(() => new ConsequenceLifted(entryId, now, BudgetId, step, reason, review, actingKey), actingKey);
    }

    /// <summary>Stands for "no passed review" in a lift decided without one, so that the rule, not the format, refuses it.</summary>
    private const string NoPassedReview = "none";

    private string? LatestPassedReviewAfter(AppliedConsequence? consequence)
    {
        if (consequence is null)
        {
            return null;
        }

        string? latest = null;
        long latestSequence = consequence.Sequence;
        foreach ((string id, long sequence) in _reviewSequence)
        {
            if (sequence > latestSequence && _entries.GetValueOrDefault(id) is ReviewClosed { Outcome: ReviewOutcome.Passed })
            {
                latest = id;
                latestSequence = sequence;
            }
        }

        return latest;
    }

    /// <summary>The tranches <paramref name="action"/> holds now: never a released or a humanitarian one.</summary>
    private NameSet TranchesHeldBy(ConsequenceAction action)
    {
        IEnumerable<Tranche> unreleased = _tranches.Where(t => !t.IsReleased && !t.IsHumanitarian);
        return action switch
        {
            ConsequenceAction.PauseNextTranche => unreleased.FirstOrDefault(t => HoldOn(t.Id) is null) is { } next ? new NameSet([next.Id]) : NameSet.Empty,
            _ => new NameSet(unreleased.Select(t => t.Id)),
        };
    }

    private DomainRejection? CheckConsequenceApplied(ConsequenceApplied applied)
    {
        int strike = _failedReviews.IndexOf(applied.Review) + 1;
        if (strike == 0)
        {
            return Rejection(RejectionCode.ConsequenceReviewNotFailed, $"'{applied.Review}' is not a failed or missed review of the budget '{BudgetId}'");
        }

        if (_consequences.Find(c => c.Applied.Review == applied.Review) is { } answered)
        {
            return Rejection(RejectionCode.AlreadyApplied, $"the review '{applied.Review}' is already answered by step {answered.Step}");
        }

        if (Ladder is not { } ladder || ladder.StepFor(strike) != applied.Step || ladder.Step(applied.Step)!.Action != applied.Action)
        {
            return Rejection(
                RejectionCode.ConsequenceNotInLadder,
                $"the review '{applied.Review}' is failure {strike} of the budget '{BudgetId}'; its ladder {Ladder?.ToString() ?? "[]"} answers it with no step {applied.Step} {ConsequenceActions.NameOf(applied.Action)}");
        }

        if (FindConsequence(applied.Step) is not null)
        {
            return Rejection(RejectionCode.AlreadyApplied, $"step {applied.Step} of the budget '{BudgetId}' is already applied");
        }

        for (int earlier = 1; earlier < applied.Step; earlier++)
        {
            if (FindConsequence(earlier) is null)
            {
                return Rejection(RejectionCode.ConsequenceOutOfOrder, $"step {applied.Step} is applied before step {earlier}, which was due first");
            }
        }

        NameSet expected = TranchesHeldBy(applied.Action);
        return applied.Tranches == expected
            ? null
            : Rejection(RejectionCode.ConsequenceTranchesMismatch, $"step {applied.Step} ({ConsequenceActions.NameOf(applied.Action)}) holds {expected} at this point, not {applied.Tranches}");
    }

    private DomainRejection? CheckConsequenceLifted(ConsequenceLifted lifted)
    {
        if (FindConsequence(lifted.Step) is not { } consequence)
        {
            return Rejection(RejectionCode.UnknownConsequence, $"step {lifted.Step} of the budget '{BudgetId}' was never applied");
        }

        if (!consequence.IsInForce)
        {
            return Rejection(RejectionCode.AlreadyLifted, $"step {lifted.Step} of the budget '{BudgetId}' is already lifted");
        }

        if (lifted.LiftedBy != Owner)
        {
            // Not counted in replay (unlike a release by another key, where money moved): the step stays in force.
            return Rejection(RejectionCode.DecisionNotByOwner, $"the key '{lifted.LiftedBy}' does not own the budget '{BudgetId}', so its lift does not count");
        }

        return _entries.GetValueOrDefault(lifted.Review) is ReviewClosed { Outcome: ReviewOutcome.Passed }
            && _reviewSequence.GetValueOrDefault(lifted.Review) > consequence.Sequence
            ? null
            : Rejection(
                RejectionCode.LiftNeedsPassedReview,
                $"step {lifted.Step} of the budget '{BudgetId}' is lifted only after a passed review of the budget recorded after it; '{lifted.Review}' is not one");
    }

    /// <summary>A release or a payment against a tranche held by a step in force is refused.</summary>
    private DomainRejection? CheckNotHeld(Tranche tranche) =>
        HoldOn(tranche.Id) is { } hold
            ? Rejection(
                RejectionCode.ConsequenceInForce,
                $"the tranche '{tranche.Id}' is held by step {hold.Step} ({ConsequenceActions.NameOf(hold.Applied.Action)}) of the budget's consequence ladder, answering '{hold.Applied.Review}'")
            : null;

    /// <summary>Counts a closed review for the ladder: a failure is the next strike; every closing takes its place in order.</summary>
    private void RecordReviewForLadder(ReviewClosed closed)
    {
        _reviewSequence[closed.Id] = ++_ladderSequence;
        if (closed.Outcome != ReviewOutcome.Passed)
        {
            _failedReviews.Add(closed.Id);
        }
    }

    private void ApplyConsequenceApplied(ConsequenceApplied applied)
    {
        if (FindConsequence(applied.Step) is not null)
        {
            throw NotApplicable(applied, $"step {applied.Step} is already applied");
        }

        _consequences.Add(new AppliedConsequence(applied, ++_ladderSequence));
    }

    private void ApplyConsequenceLifted(ConsequenceLifted lifted)
    {
        if (FindConsequence(lifted.Step) is not { IsInForce: true } consequence)
        {
            throw NotApplicable(lifted, $"step {lifted.Step} is not in force");
        }

        consequence.Lift(lifted);
    }
}
