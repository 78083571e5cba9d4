using System.Text;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Budgets;

/// <summary>
/// Issue 15 item 2: a benchmark that requires sustained compliance is reviewed on a cadence; each review opens once when
/// due, and closes after its window as passed, failed or missed by the verifications dated inside it (contested stays open).
/// </summary>
public class BenchmarkReviewTests
{
    private const string Owner = LedgerScenario.Owner;
    private const string Domestic = "auditor-office";
    private const string Domestic2 = "court-of-audit";
    private const string International = "un-panel";

    private static readonly DateOnly Today = DateOnly.FromDateTime(Samples.Noon.UtcDateTime);
    private static readonly DateOnly DueOn = Today.AddDays(10);

    /// <summary>The funded scenario plus tranche t-3 with b-9 (at least 80 percent, two verifications from two groups) reviewed monthly three times from <see cref="DueOn"/>.</summary>
    private static LedgerScenario Scheduled(ReviewCadence cadence = ReviewCadence.Monthly, int reviews = 3)
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Append(s.Budget.DecideAddTranche(s.NextId(), s.Now, Owner, "t-3", Samples.Eur("200"), false, ["b-9"]));
        s.Append(s.Budget.DecideDefineBenchmark(
            s.NextId(), s.Now, Owner, "t-3", "b-9", "share of listed detainees released", "percent", 10m, 80m, TargetDirection.AtLeast, DueOn, 2, 2, cadence, reviews));
        s.Append(s.Budget.DecideRegisterVerifier(s.NextId(), s.Now, Owner, Domestic, "domestic"));
        s.Append(s.Budget.DecideRegisterVerifier(s.NextId(), s.Now, Owner, Domestic2, "domestic"));
        s.Append(s.Budget.DecideRegisterVerifier(s.NextId(), s.Now, Owner, International, "international"));
        return s;
    }

    private static Benchmark B9(LedgerScenario s) => s.Budget.FindTranche("t-3")!.BenchmarkStates["b-9"];

    private static ReviewWindow Window(LedgerScenario s, int review) => B9(s).Definition!.ReviewWindowOf(review)!;

    private static void At(LedgerScenario s, DateOnly day) => s.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(0, 20)), TimeSpan.Zero));

    private static Decision<ReviewOpened> Open(LedgerScenario s, int review) =>
        s.Budget.DecideOpenReview(EntryIds.ReviewOpened(LedgerScenario.BudgetId, "t-3", "b-9", review), s.Now, "t-3", "b-9", Window(s, review));

    private static Decision<ReviewClosed> Close(LedgerScenario s, int review, ReviewOutcome outcome) =>
        s.Budget.DecideCloseReview(EntryIds.ReviewClosed(LedgerScenario.BudgetId, "t-3", "b-9", review), s.Now, "t-3", "b-9", review, outcome);

    private static void Verify(LedgerScenario s, string verifier, decimal value, DateOnly on) =>
        s.Append(s.Budget.DecideVerifyBenchmark(s.NextId(), s.Now, "t-3", "b-9", verifier, Samples.Evidence, on, value));

    private static void AssertReplayAgrees(LedgerScenario s)
    {
        LedgerReplay replay = new LedgerReplay().ApplyAll(s.Log);
        Assert.Empty(replay.Violations);
        Benchmark replayed = replay.Budgets[LedgerScenario.BudgetId].FindTranche("t-3")!.BenchmarkStates["b-9"];
        Assert.Equal(
            B9(s).Reviews.Values.Select(r => (r.Window, r.Closed?.Outcome)),
            replayed.Reviews.Values.Select(r => (r.Window, r.Closed?.Outcome)));
    }

    [Fact]
    public void TheScheduleRunsFromTheDueDateInWholeWindowsBothDaysInclusive()
    {
        LedgerScenario s = Scheduled();
        ReviewWindow[] windows = [.. B9(s).Definition!.ReviewWindows];

        Assert.Equal(3, windows.Length);
        Assert.Equal(new ReviewWindow(1, DueOn, DueOn.AddMonths(1).AddDays(-1)), windows[0]);
        Assert.Equal(windows[0].ClosesOn.AddDays(1), windows[1].OpensOn);
        Assert.Equal(windows[1].ClosesOn.AddDays(1), windows[2].OpensOn);
        Assert.Null(B9(s).Definition!.ReviewWindowOf(4));
        Assert.Null(B9(s).Definition!.ReviewWindowOf(0));

        ReviewWindow quarter = Scheduled(ReviewCadence.Quarterly, 2).Budget.FindTranche("t-3")!.BenchmarkStates["b-9"].Definition!.ReviewWindowOf(2)!;
        Assert.Equal((DueOn.AddMonths(3), DueOn.AddMonths(6).AddDays(-1)), (quarter.OpensOn, quarter.ClosesOn));

        // A horizon given as an end date: the reviews that close on or before it.
        Assert.Equal(0, BenchmarkDefined.ReviewsUntil(ReviewCadence.Quarterly, DueOn, DueOn.AddMonths(3).AddDays(-2)));
        Assert.Equal(1, BenchmarkDefined.ReviewsUntil(ReviewCadence.Quarterly, DueOn, DueOn.AddMonths(3).AddDays(-1)));
        Assert.Equal(4, BenchmarkDefined.ReviewsUntil(ReviewCadence.Quarterly, DueOn, DueOn.AddYears(1)));
    }

    [Fact]
    public void AReviewOpensOnlyFromTheFirstDayOfItsWindowAndOnlyOnce()
    {
        LedgerScenario s = Scheduled();

        At(s, DueOn.AddDays(-1));
        Assert.Equal(RejectionCode.ReviewNotDue, Open(s, 1).Rejection!.Code);

        At(s, DueOn);
        ReviewOpened opened = s.Append(Open(s, 1));
        Assert.Equal((1, DueOn), (opened.Review, opened.OpensOn));
        Assert.Equal(BenchmarkReviewStates.Open, BenchmarkReviewStates.Of(B9(s), Window(s, 1)));
        Assert.Equal(BenchmarkReviewStates.Due, BenchmarkReviewStates.Of(B9(s), Window(s, 2)));

        // The same id again (a second run, a second silo): already recorded, nothing new.
        Assert.Equal(DecisionOutcome.AlreadyRecorded, Open(s, 1).Outcome);

        // Another id for the same review, or a window that is not the schedule's, is refused.
        ReviewWindow window = Window(s, 1);
        Assert.Equal(RejectionCode.ReviewAlreadyRecorded, s.Budget.DecideOpenReview("other-id", s.Now, "t-3", "b-9", window).Rejection!.Code);
        Assert.Equal(
            RejectionCode.UnknownReview,
            s.Budget.DecideOpenReview("forged", s.Now, "t-3", "b-9", window with { ClosesOn = window.ClosesOn.AddDays(5) }).Rejection!.Code);
        AssertReplayAgrees(s);
    }

    [Fact]
    public void AWindowWithoutVerificationsClosesAsMissedAndOnlyAfterItsLastDay()
    {
        LedgerScenario s = Scheduled();
        At(s, DueOn);
        s.Append(Open(s, 1));

        At(s, Window(s, 1).ClosesOn);
        Assert.Equal(RejectionCode.ReviewWindowOpen, Close(s, 1, ReviewOutcome.Missed).Rejection!.Code);

        At(s, Window(s, 1).ClosesOn.AddDays(1));
        Assert.Equal(RejectionCode.ReviewOutcomeUnsupported, Close(s, 1, ReviewOutcome.Passed).Rejection!.Code);
        Assert.Equal(ReviewOutcome.Missed, B9(s).ReviewOutcomeOf(Window(s, 1)));
        s.Append(Close(s, 1, ReviewOutcome.Missed));

        Assert.Equal(ReviewOutcomes.Missed, BenchmarkReviewStates.Of(B9(s), Window(s, 1)));
        Assert.Equal(RejectionCode.ReviewAlreadyRecorded, s.Budget.DecideCloseReview("again", s.Now, "t-3", "b-9", 1, ReviewOutcome.Missed).Rejection!.Code);
        Assert.Equal(RejectionCode.ReviewNotOpen, Close(s, 2, ReviewOutcome.Missed).Rejection!.Code);
        AssertReplayAgrees(s);
    }

    [Fact]
    public void OnlyVerificationsDatedInsideTheWindowCountAndTheyPassIt()
    {
        LedgerScenario s = Scheduled();
        At(s, DueOn);
        s.Append(Open(s, 1));
        ReviewWindow window = Window(s, 1);

        // The day before the window and the day after it do not count (the second is recorded after the window).
        Verify(s, Domestic, 90m, window.OpensOn.AddDays(-1));
        At(s, window.ClosesOn.AddDays(1));
        Verify(s, International, 90m, window.ClosesOn.AddDays(1));
        Assert.Equal(ReviewOutcome.Missed, B9(s).ReviewOutcomeOf(window));

        // Its first and its last day do.
        Verify(s, Domestic2, 85m, window.OpensOn);
        Assert.Equal(ReviewOutcome.Missed, B9(s).ReviewOutcomeOf(window));
        Verify(s, International, 81m, window.ClosesOn);
        Assert.Equal(ReviewOutcome.Passed, B9(s).ReviewOutcomeOf(window));

        s.Append(Close(s, 1, ReviewOutcome.Passed));
        Assert.Equal(ReviewOutcomes.Passed, BenchmarkReviewStates.Of(B9(s), window));
        AssertReplayAgrees(s);
    }

    [Fact]
    public void ValuesMissingTheTargetFailTheReview()
    {
        LedgerScenario s = Scheduled();
        At(s, DueOn.AddDays(3));
        s.Append(Open(s, 1));
        Verify(s, Domestic, 40m, DueOn.AddDays(2));
        Verify(s, International, 55m, DueOn.AddDays(3));

        At(s, Window(s, 1).ClosesOn.AddDays(1));
        Assert.Equal(RejectionCode.ReviewOutcomeUnsupported, Close(s, 1, ReviewOutcome.Missed).Rejection!.Code);
        s.Append(Close(s, 1, ReviewOutcome.Failed));

        Assert.Equal(ReviewOutcomes.Failed, BenchmarkReviewStates.Of(B9(s), Window(s, 1)));
        AssertReplayAgrees(s);
    }

    [Fact]
    public void AContestedWindowStaysOpenUntilAFurtherVerificationDatedInItSettlesIt()
    {
        LedgerScenario s = Scheduled();
        At(s, DueOn);
        s.Append(Open(s, 1));
        Verify(s, Domestic, 90m, DueOn);
        Verify(s, International, 50m, DueOn);

        At(s, Window(s, 1).ClosesOn.AddDays(1));
        Assert.Null(B9(s).ReviewOutcomeOf(Window(s, 1)));
        foreach (ReviewOutcome outcome in Enum.GetValues<ReviewOutcome>())
        {
            Assert.Equal(RejectionCode.ReviewContested, Close(s, 1, outcome).Rejection!.Code);
        }

        // The international verifier corrects itself with a value dated inside the window: its latest counts.
        Verify(s, International, 84m, Window(s, 1).ClosesOn);
        s.Append(Close(s, 1, ReviewOutcome.Passed));
        AssertReplayAgrees(s);
    }

    [Fact]
    public void ADefinitionWithoutACadenceKeepsItsBytesAndHasNoReviews()
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Append(s.Budget.DecideAddTranche(s.NextId(), s.Now, Owner, "t-3", Samples.Eur("200"), false, ["b-9"]));
        BenchmarkDefined plain = s.Append(s.Budget.DecideDefineBenchmark(
            s.NextId(), s.Now, Owner, "t-3", "b-9", "share released", "percent", 10m, 80m, TargetDirection.AtLeast, DueOn, 1, 1));

        string json = Encoding.UTF8.GetString(plain.ToCanonicalJson());
        Assert.DoesNotContain("review", json, StringComparison.Ordinal);
        Assert.Equal(plain, LedgerEntryParser.Parse(plain.ToCanonicalJson()));
        Assert.Empty(B9(s).Definition!.ReviewWindows);
        Assert.Empty(s.Budget.ScheduledReviews);
        At(s, DueOn);
        Assert.Equal(
            RejectionCode.UnknownReview,
            s.Budget.DecideOpenReview("r", s.Now, "t-3", "b-9", new ReviewWindow(1, DueOn, DueOn.AddMonths(1).AddDays(-1))).Rejection!.Code);
    }

    [Fact]
    public void ASchedulePastTenYearsOrWithHalfAHorizonIsRefused()
    {
        LedgerScenario s = Scheduled();
        Assert.Throws<ArgumentException>(() => new BenchmarkDefined(
            "x", s.Now, LedgerScenario.BudgetId, "t-3", "b-9", "i", "percent", 1m, 2m, TargetDirection.AtLeast, DueOn, 1, 1, ReviewCadence.Quarterly, 41));
        Assert.Throws<ArgumentException>(() => new BenchmarkDefined(
            "x", s.Now, LedgerScenario.BudgetId, "t-3", "b-9", "i", "percent", 1m, 2m, TargetDirection.AtLeast, DueOn, 1, 1, ReviewCadence.Monthly, 0));
        Assert.Throws<ArgumentException>(() => new BenchmarkDefined(
            "x", s.Now, LedgerScenario.BudgetId, "t-3", "b-9", "i", "percent", 1m, 2m, TargetDirection.AtLeast, DueOn, 1, 1, ReviewCadence.Monthly, null));
        Assert.Throws<ArgumentException>(() => new BenchmarkDefined(
            "x", s.Now, LedgerScenario.BudgetId, "t-3", "b-9", "i", "percent", 1m, 2m, TargetDirection.AtLeast, DueOn, 1, 1, (ReviewCadence)7, 2));
        Assert.Equal(120, new BenchmarkDefined(
            "x", s.Now, LedgerScenario.BudgetId, "t-3", "b-9", "i", "percent", 1m, 2m, TargetDirection.AtLeast, DueOn, 1, 1, ReviewCadence.Monthly, 120).ReviewCount);
    }

    [Fact]
    public void ReplayReportsAClosingTheVerificationsDoNotSupport()
    {
        LedgerScenario s = Scheduled();
        At(s, DueOn);
        s.Append(Open(s, 1));
        Verify(s, Domestic, 40m, DueOn);
        Verify(s, International, 45m, DueOn);
        At(s, Window(s, 1).ClosesOn.AddDays(1));

        // Forged: passed, though both values miss the target; and a review opened before its window.
        ulong forged = s.Record(new ReviewClosed(EntryIds.ReviewClosed(LedgerScenario.BudgetId, "t-3", "b-9", 1), s.Now, LedgerScenario.BudgetId, "t-3", "b-9", 1, ReviewOutcome.Passed));
        ReviewWindow third = Window(s, 3);
        ulong early = s.Record(new ReviewOpened("early", s.Now, LedgerScenario.BudgetId, "t-3", "b-9", 3, third.OpensOn, third.ClosesOn));

        LedgerReplay replay = new LedgerReplay().ApplyAll(s.Log);
        Assert.Equal(
            [(forged, RejectionCode.ReviewOutcomeUnsupported), (early, RejectionCode.ReviewNotDue)],
            replay.Violations.Select(v => (v.LeafIndex, v.Code)));

        // Not counted: the replayed review is still open, its third not opened.
        Benchmark replayed = replay.Budgets[LedgerScenario.BudgetId].FindTranche("t-3")!.BenchmarkStates["b-9"];
        Assert.Null(replayed.Reviews[1].Closed);
        Assert.False(replayed.Reviews.ContainsKey(3));
    }
}
