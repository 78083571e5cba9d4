using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Budgets;

/// <summary>
/// Issue 15 item 3: the consequence ladder fixed at opening. Failed or missed reviews step it in order, each step a logged
/// entry citing the review; the owner lifts a step only after a passed review; humanitarian tranches pay at every step.
/// </summary>
public class ConsequenceLadderTests
{
    private const string Owner = LedgerScenario.Owner;
    private const string Domestic = "auditor-office";
    private const string International = "un-panel";

    private static readonly DateOnly DueOn = DateOnly.FromDateTime(Samples.Noon.UtcDateTime).AddDays(10);

    private static readonly ConsequenceLadder PauseThenFreeze = new([new(1, ConsequenceAction.PauseNextTranche), new(2, ConsequenceAction.FreezeUnreleased)]);

    /// <summary>
    /// The funded scenario (t-1 released, t-2 humanitarian released) opened with <paramref name="ladder"/>, plus t-3 (200, b-9
    /// reviewed monthly <paramref name="reviews"/> times, two verifications from two groups, at least 80), t-4 (100, bare b-4,
    /// verified), t-5 (50, humanitarian, no benchmark), all unreleased, and exemption ex-1 (72010 cash up to 100, a year).
    /// </summary>
    private static LedgerScenario Laddered(ConsequenceLadder? ladder, int reviews = 3)
    {
        LedgerScenario s = LedgerScenario.Funded(ladder: ladder);
        s.Append(s.Budget.DecideReceiveFunds(s.NextId(), s.Now, Samples.Eur("1000"), "wire 2"));
        s.Append(s.Budget.DecideAddTranche(s.NextId(), s.Now, Owner, "t-3", Samples.Eur("200"), false, ["b-9"]));
        s.Append(s.Budget.DecideDefineBenchmark(
            s.NextId(), s.Now, Owner, "t-3", "b-9", "share of listed detainees released", "percent", 10m, 80m, TargetDirection.AtLeast, DueOn, 2, 2,
            ReviewCadence.Monthly, reviews));
        s.Append(s.Budget.DecideAddTranche(s.NextId(), s.Now, Owner, "t-4", Samples.Eur("100"), false, ["b-4"]));
        s.Append(s.Budget.DecideVerifyBenchmark(s.NextId(), s.Now, "t-4", "b-4", LedgerScenario.Verifier, Samples.Evidence, DueOn.AddDays(-10)));
        s.Append(s.Budget.DecideAddTranche(s.NextId(), s.Now, Owner, "t-5", Samples.Eur("50"), true, []));
        s.Append(s.Budget.DecideRegisterVerifier(s.NextId(), s.Now, Owner, Domestic, "domestic"));
        s.Append(s.Budget.DecideRegisterVerifier(s.NextId(), s.Now, Owner, International, "international"));
        s.Append(s.Budget.DecideGrantExemption(s.NextId(), s.Now, Owner, "ex-1", ["72010"], ["cash"], Samples.Eur("100"), s.Now.AddDays(365)));
        return s;
    }

    private static ReviewWindow Window(LedgerScenario s, int review) =>
        s.Budget.FindTranche("t-3")!.BenchmarkStates["b-9"].Definition!.ReviewWindowOf(review)!;

    private static void At(LedgerScenario s, DateOnly day) => s.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(0, 20)), TimeSpan.Zero));

    /// <summary>Opens review <paramref name="review"/>, records both groups' values dated inside it (none when null) and closes it after its window.</summary>
    private static ReviewClosed Review(LedgerScenario s, int review, decimal? value)
    {
        ReviewWindow window = Window(s, review);
        At(s, window.OpensOn);
        s.Append(s.Budget.DecideOpenReview(EntryIds.ReviewOpened(LedgerScenario.BudgetId, "t-3", "b-9", review), s.Now, "t-3", "b-9", window));
        if (value is { } measured)
        {
            s.Append(s.Budget.DecideVerifyBenchmark(s.NextId(), s.Now, "t-3", "b-9", Domestic, Samples.Evidence, window.OpensOn, measured));
            s.Append(s.Budget.DecideVerifyBenchmark(s.NextId(), s.Now, "t-3", "b-9", International, Samples.Evidence, window.OpensOn, measured));
        }

        At(s, window.ClosesOn.AddDays(1));
        ReviewOutcome outcome = value is null ? ReviewOutcome.Missed : value >= 80m ? ReviewOutcome.Passed : ReviewOutcome.Failed;
        return s.Append(s.Budget.DecideCloseReview(EntryIds.ReviewClosed(LedgerScenario.BudgetId, "t-3", "b-9", review), s.Now, "t-3", "b-9", review, outcome));
    }

    private static Decision<TrancheReleased> Release(LedgerScenario s, string tranche) =>
        s.Budget.DecideReleaseTranche(s.NextId(), s.Now, Owner, tranche, s.Budget.FindTranche(tranche)!.Amount);

    private static Decision<ConsequenceLifted> Lift(LedgerScenario s, int step, string actingKey = Owner) =>
        s.Budget.DecideLiftConsequence(EntryIds.ConsequenceLifted(LedgerScenario.BudgetId, step), s.Now, actingKey, step, "the benchmark is met again");

    /// <summary>
    /// The humanitarian carve-out: under a snap-back freeze on top of the ladder's steps, an exempt payment from the
    /// humanitarian tranche is paid while the non-humanitarian tranche is refused; then the freeze is lifted.
    /// </summary>
    private static void AssertHumanitarianPaymentsFlow(LedgerScenario s, string id)
    {
        Assert.Equal("t-2", s.Append(s.Disburse(s.Request(id + "-open", "20", tranche: "t-2"))).Tranche);
        s.Append(s.Budget.DecideFreeze(s.NextId(), s.Now, "snap-back: confirmed diversion", "finding-" + id));
        Assert.Equal("t-2", s.Append(s.Disburse(s.Request(id + "-frozen", "20"))).Tranche);
        s.Refused(s.Request(id + "-political", "20", tranche: "t-1"), RejectionCode.Frozen);
        s.Append(s.Budget.DecideUnfreeze(s.NextId(), s.Now, "finding resolved"));
    }

    private static LedgerReplay AssertReplayAgrees(LedgerScenario s)
    {
        LedgerReplay replay = new LedgerReplay().ApplyAll(s.Log);
        Assert.Empty(replay.Violations);
        ReliefBudget replayed = replay.Budgets[LedgerScenario.BudgetId];
        Assert.Equal(
            s.Budget.Consequences.Select(c => (c.Applied, c.Lifted)),
            replayed.Consequences.Select(c => (c.Applied, c.Lifted)));
        return replay;
    }

    [Fact]
    public void FailedAndMissedReviewsStepTheLadderInOrderAndTheOwnerLiftsEachStepAfterAPassedReview()
    {
        LedgerScenario s = Laddered(PauseThenFreeze);
        AssertHumanitarianPaymentsFlow(s, "before");

        // 1st failure (missed): step 1 pauses the next tranche, the first unreleased non-humanitarian one.
        ReviewClosed missed = Review(s, 1, null);
        Assert.Equal(missed.Id, s.Budget.NextFailedReviewToAnswer());
        ConsequenceApplied pause = s.Append(s.Budget.DecideApplyConsequence(missed.Id, s.Now));
        Assert.Equal((1, ConsequenceAction.PauseNextTranche, new NameSet(["t-3"]), missed.Id), (pause.Step, pause.Action, pause.Tranches, pause.Review));
        Assert.Equal(EntryIds.ConsequenceApplied(LedgerScenario.BudgetId, missed.Id), pause.Id);
        Assert.Null(s.Budget.NextFailedReviewToAnswer());
        Assert.Equal(DecisionOutcome.AlreadyRecorded, s.Budget.DecideApplyConsequence(missed.Id, s.Now).Outcome);
        Assert.Equal(RejectionCode.ConsequenceInForce, Release(s, "t-3").Rejection!.Code);
        Assert.Equal(RejectionCode.ConsequenceInForce, s.Refused(s.Request("d-t3", "10", tranche: "t-3"), RejectionCode.ConsequenceInForce).Code);
        AssertHumanitarianPaymentsFlow(s, "step-1");

        // 2nd failure: step 2 freezes every unreleased non-humanitarian tranche; the humanitarian t-5 is never held.
        ReviewClosed failed = Review(s, 2, 40m);
        ConsequenceApplied freeze = s.Append(s.Budget.DecideApplyConsequence(failed.Id, s.Now));
        Assert.Equal((2, ConsequenceAction.FreezeUnreleased, new NameSet(["t-3", "t-4"])), (freeze.Step, freeze.Action, freeze.Tranches));
        Assert.Equal(RejectionCode.ConsequenceInForce, Release(s, "t-4").Rejection!.Code);
        s.Append(Release(s, "t-5"));
        Assert.Equal("t-5", s.Append(s.Disburse(s.Request("d-t5", "10", tranche: "t-5"))).Tranche);
        AssertHumanitarianPaymentsFlow(s, "step-2");

        // No lift before a passed review, none by another key, none of a step never applied.
        string before = s.Snapshot();
        Assert.Equal(RejectionCode.LiftNeedsPassedReview, Lift(s, 2).Rejection!.Code);
        Assert.Equal(RejectionCode.LiftNeedsPassedReview, s.Budget.DecideLiftConsequence("lift-x", s.Now, Owner, 2, "cites the failure", failed.Id).Rejection!.Code);
        Assert.Equal(RejectionCode.NotBudgetOwner, Lift(s, 2, "agency-key").Rejection!.Code);
        Assert.Equal(RejectionCode.UnknownConsequence, Lift(s, 3).Rejection!.Code);
        Assert.Equal(before, s.Snapshot());

        // A passed review: the owner lifts step 2 (t-4 is released), then step 1 (t-3 too).
        ReviewClosed passed = Review(s, 3, 85m);
        ConsequenceLifted lifted = s.Append(Lift(s, 2));
        Assert.Equal((2, passed.Id, Owner), (lifted.Step, lifted.Review, lifted.LiftedBy));
        Assert.Equal(DecisionOutcome.AlreadyRecorded, Lift(s, 2).Outcome);
        Assert.Equal(RejectionCode.AlreadyLifted, s.Budget.DecideLiftConsequence("lift-again", s.Now, Owner, 2, "again").Rejection!.Code);
        s.Append(Release(s, "t-4"));
        Assert.Equal(RejectionCode.ConsequenceInForce, Release(s, "t-3").Rejection!.Code);
        AssertHumanitarianPaymentsFlow(s, "step-2-lifted");
        s.Append(Lift(s, 1));
        s.Append(Release(s, "t-3"));
        Assert.Equal("t-3", s.Append(s.Disburse(s.Request("d-t3-after", "10", tranche: "t-3"))).Tranche);

        Assert.All(s.Budget.Consequences, c => Assert.False(c.IsInForce));
        AssertReplayAgrees(s);
    }

    [Fact]
    public void AFailureWithoutAStepAppliesNothingAndTheCountsNeverReset()
    {
        // A gap: the 1st failure is only recorded; the 2nd freezes; the 3rd has no step.
        LedgerScenario s = Laddered(new ConsequenceLadder([new(2, ConsequenceAction.FreezeUnreleased)]), reviews: 4);
        ReviewClosed first = Review(s, 1, null);
        Assert.Null(s.Budget.NextFailedReviewToAnswer());
        Assert.Equal(RejectionCode.ConsequenceNotInLadder, s.Budget.DecideApplyConsequence(first.Id, s.Now).Rejection!.Code);

        ReviewClosed second = Review(s, 2, 10m);
        ConsequenceApplied freeze = s.Append(s.Budget.DecideApplyConsequence(second.Id, s.Now));
        Assert.Equal((1, new NameSet(["t-3", "t-4"])), (freeze.Step, freeze.Tranches));

        Review(s, 3, 90m);
        s.Append(Lift(s, 1));
        ReviewClosed fourth = Review(s, 4, null);
        Assert.Equal([first.Id, second.Id, fourth.Id], s.Budget.FailedReviews);
        Assert.Null(s.Budget.NextFailedReviewToAnswer());
        Assert.Equal(RejectionCode.ConsequenceNotInLadder, s.Budget.DecideApplyConsequence(fourth.Id, s.Now).Rejection!.Code);
        AssertReplayAgrees(s);
    }

    [Fact]
    public void ABudgetWithoutALadderKeepsTodaysBehaviour()
    {
        LedgerScenario s = Laddered(null);
        ReviewClosed missed = Review(s, 1, null);

        Assert.Null(s.Budget.Ladder);
        Assert.Null(s.Budget.NextFailedReviewToAnswer());
        Assert.Equal(RejectionCode.ConsequenceNotInLadder, s.Budget.DecideApplyConsequence(missed.Id, s.Now).Rejection!.Code);
        Assert.Empty(s.Budget.Consequences);
        Assert.DoesNotContain("consequenceLadder", System.Text.Encoding.UTF8.GetString(s.Log[0].Entry), StringComparison.Ordinal);
    }

    [Fact]
    public void AStepRepeatedAfterALiftPausesTheNextTrancheNotHeldYet()
    {
        LedgerScenario s = Laddered(new ConsequenceLadder([new(1, ConsequenceAction.PauseNextTranche), new(2, ConsequenceAction.PauseNextTranche)]));
        ConsequenceApplied first = s.Append(s.Budget.DecideApplyConsequence(Review(s, 1, null).Id, s.Now));
        ConsequenceApplied second = s.Append(s.Budget.DecideApplyConsequence(Review(s, 2, null).Id, s.Now));

        Assert.Equal(new NameSet(["t-3"]), first.Tranches);
        Assert.Equal(new NameSet(["t-4"]), second.Tranches);
        AssertReplayAgrees(s);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0:pause-next-tranche")]
    [InlineData("01:pause-next-tranche")]
    [InlineData("-1:pause-next-tranche")]
    [InlineData("121:pause-next-tranche")]
    [InlineData("99999:pause-next-tranche")]
    [InlineData("1:0")]
    [InlineData("1:1")]
    [InlineData("1:snap-back")]
    [InlineData("1:PAUSE-NEXT-TRANCHE")]
    [InlineData("1: pause-next-tranche")]
    [InlineData("pause-next-tranche")]
    [InlineData("1:pause-next-tranche|1:freeze-unreleased")]
    [InlineData("2:pause-next-tranche|1:freeze-unreleased")]
    public void AMalformedLadderIsRefused(string steps) =>
        Assert.Throws<ArgumentException>(() => ConsequenceLadder.Parse(steps.Length == 0 ? [] : steps.Split('|')));

    [Fact]
    public void ALadderHoldsAtMostTenStepsAndNumericActionsAreRefused()
    {
        Assert.Equal(10, ConsequenceLadder.Parse(Enumerable.Range(1, 10).Select(n => $"{n}:freeze-unreleased")).Steps.Count);
        Assert.Throws<ArgumentException>(() => ConsequenceLadder.Parse(Enumerable.Range(1, 11).Select(n => $"{n}:freeze-unreleased")));
        Assert.Throws<ArgumentException>(() => new ConsequenceStep(1, (ConsequenceAction)7));
        Assert.Throws<ArgumentException>(() => new ConsequenceApplied("x", Samples.Noon, "b", 1, (ConsequenceAction)7, NameSet.Empty, "r"));
    }

    [Fact]
    public void TheLadderIsWrittenInOrderAndReadBackStrictly()
    {
        BudgetOpened opened = new(
            "budget-opened/b", Samples.Noon, "b", "donor", "72010", "SS", Samples.Eur("10"), NameSet.Empty, "owner",
            ConsequenceLadder.Parse(["2:pause-next-tranche", "10:freeze-unreleased"]));
        byte[] bytes = opened.ToCanonicalJson();

        Assert.Contains("\"consequenceLadder\":[\"2:pause-next-tranche\",\"10:freeze-unreleased\"]", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(opened, LedgerEntryParser.Parse(bytes));

        string text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Throws<FormatException>(() => LedgerEntryParser.Parse(System.Text.Encoding.UTF8.GetBytes(
            text.Replace("[\"2:pause-next-tranche\",\"10:freeze-unreleased\"]", "[]", StringComparison.Ordinal))));
        Assert.Throws<FormatException>(() => LedgerEntryParser.Parse(System.Text.Encoding.UTF8.GetBytes(
            text.Replace("[\"2:pause-next-tranche\",\"10:freeze-unreleased\"]", "[\"10:freeze-unreleased\",\"2:pause-next-tranche\"]", StringComparison.Ordinal))));
        Assert.Throws<FormatException>(() => LedgerEntryParser.Parse(System.Text.Encoding.UTF8.GetBytes(
            text.Replace("[\"2:pause-next-tranche\",\"10:freeze-unreleased\"]", "[2]", StringComparison.Ordinal))));
    }

    [Fact]
    public void ReplayReportsStepsThatTheLadderAndTheReviewsDoNotSupport()
    {
        LedgerScenario s = Laddered(PauseThenFreeze);
        ReviewClosed first = Review(s, 1, null);
        ReviewClosed second = Review(s, 2, null);
        DateTimeOffset now = s.Now;
        const string B = LedgerScenario.BudgetId;

        // Out of order: step 2 before step 1; a step for a review that is not a failure; other tranches than the rule's.
        s.Log.Add(((ulong)s.Log.Count, new ConsequenceApplied("forged-1", now, B, 2, ConsequenceAction.FreezeUnreleased, new(["t-3", "t-4"]), second.Id).ToCanonicalJson()));
        s.Log.Add(((ulong)s.Log.Count, new ConsequenceApplied("forged-2", now, B, 1, ConsequenceAction.PauseNextTranche, new(["t-3"]), "review-opened/x").ToCanonicalJson()));
        s.Log.Add(((ulong)s.Log.Count, new ConsequenceApplied("forged-3", now, B, 1, ConsequenceAction.PauseNextTranche, new(["t-4"]), first.Id).ToCanonicalJson()));
        s.Log.Add(((ulong)s.Log.Count, new ConsequenceApplied("forged-4", now, B, 1, ConsequenceAction.FreezeUnreleased, new(["t-3", "t-4"]), first.Id).ToCanonicalJson()));

        // The real step 1; then a release of the tranche it pauses (counted: the money moved) and a lift without a passed review.
        ConsequenceApplied pause = s.Budget.DecideApplyConsequence(first.Id, now).Entry!;
        s.Log.Add(((ulong)s.Log.Count, pause.ToCanonicalJson()));
        s.Log.Add(((ulong)s.Log.Count, new TrancheReleased("forged-5", now, B, "t-4", Samples.Eur("100"), ["b-4"], Owner).ToCanonicalJson()));
        s.Log.Add(((ulong)s.Log.Count, new TrancheReleased("forged-6", now, B, "t-3", Samples.Eur("200"), ["b-9"], Owner).ToCanonicalJson()));
        s.Log.Add(((ulong)s.Log.Count, new ConsequenceLifted("forged-7", now, B, 1, "no review", first.Id, Owner).ToCanonicalJson()));
        s.Log.Add(((ulong)s.Log.Count, new ConsequenceLifted("forged-8", now, B, 1, "not the owner", first.Id, "agency-key").ToCanonicalJson()));

        LedgerReplay replay = new LedgerReplay().ApplyAll(s.Log);

        Assert.Equal(
            [
                ("forged-1", RejectionCode.ConsequenceOutOfOrder),
                ("forged-2", RejectionCode.ConsequenceReviewNotFailed),
                ("forged-3", RejectionCode.ConsequenceTranchesMismatch),
                ("forged-4", RejectionCode.ConsequenceNotInLadder),
                ("forged-6", RejectionCode.ConsequenceInForce),
                ("forged-7", RejectionCode.LiftNeedsPassedReview),
                ("forged-8", RejectionCode.DecisionNotByOwner),
            ],
            replay.Violations.Select(v => (v.EntryId!, v.Code)));
        Assert.True(replay.Budgets[B].FindTranche("t-4")!.IsReleased);
        Assert.True(replay.Budgets[B].FindTranche("t-3")!.IsReleased);
        Assert.True(replay.Budgets[B].FindConsequence(1)!.IsInForce);
    }
}
