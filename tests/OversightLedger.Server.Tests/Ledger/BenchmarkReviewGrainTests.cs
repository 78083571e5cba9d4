using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Replay;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>
/// Issue 15 item 2 through the budget grain in a TestingHost: a benchmark reviewed monthly; the review pass (the
/// <c>benchmark-reviews</c> job's grain call, driven with explicit times) opens, warns, closes once, and two passes
/// racing log nothing twice; the view shows each review's state and the auditor's replay agrees.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class BenchmarkReviewGrainTests(LedgerClusterFixture fixture)
{
    private static readonly Actor DomesticAuditor = new("watchdog:domestic", IsAdmin: false);
    private static readonly Actor UnPanel = new("watchdog:un-panel", IsAdmin: false);
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static readonly TimeSpan WarnWithin = TimeSpan.FromDays(14);

    private static BenchmarkDefinition Reviewed(int? count = 2, DateOnly? until = null, string? cadence = ReviewCadences.Monthly) =>
        new("detainees", "share of listed detainees released", "percent", "10", "80", TargetDirections.AtLeast, Today, 2, 2, cadence, count, until);

    private static DateTimeOffset On(DateOnly day) => new(day.ToDateTime(new TimeOnly(0, 20)), TimeSpan.Zero);

    private async Task<(LedgerScenario Scenario, IReliefBudgetGrain Budget)> ScheduledAsync(string name)
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, name).BuildAsync();
        IReliefBudgetGrain budget = scenario.Budget;
        LedgerAssert.Accepted(await budget.AddTrancheAsync(LedgerActors.Donor, new AddTrancheCommand(scenario.NewId("tranche"), "t2", Amounts.Of("500.00"), false, [], [Reviewed()])));
        LedgerAssert.Accepted(await budget.RegisterVerifierAsync(LedgerActors.Donor, new RegisterVerifierCommand(scenario.NewId("verifier"), DomesticAuditor.Principal, "domestic")));
        LedgerAssert.Accepted(await budget.RegisterVerifierAsync(LedgerActors.Donor, new RegisterVerifierCommand(scenario.NewId("verifier"), UnPanel.Principal, "international")));
        return (scenario, budget);
    }

    private static async Task<BenchmarkView> DetaineesAsync(IReliefBudgetGrain budget) =>
        Assert.Single(Assert.Single((await budget.GetAsync())!.Tranches, t => t.Tranche == "t2").BenchmarkDetails, b => b.Benchmark == "detainees");

    [Fact]
    public async Task The_pass_opens_a_due_review_once_closes_it_after_its_window_and_warns_of_the_next()
    {
        (LedgerScenario scenario, IReliefBudgetGrain budget) = await ScheduledAsync("rv-cycle");
        BenchmarkView scheduled = await DetaineesAsync(budget);
        Assert.Equal((ReviewCadences.Monthly, 2), (scheduled.ReviewCadence, scheduled.ReviewCount));
        BenchmarkReviewView first = scheduled.Reviews![0];
        BenchmarkReviewView second = scheduled.Reviews[1];
        Assert.Equal([(1, "due"), (2, "due")], scheduled.Reviews.Select(r => (r.Review, r.State)));
        Assert.Equal((Today, Today.AddMonths(1).AddDays(-1), Today.AddMonths(1)), (first.OpensOn, first.ClosesOn, second.OpensOn));

        // Two passes racing (two silos' jobs): one ReviewOpened.
        ulong before = await fixture.TreeSizeAsync();
        BenchmarkReviewOutcome[][] raced = await Task.WhenAll(budget.ApplyReviewsAsync(On(Today), WarnWithin), budget.ApplyReviewsAsync(On(Today), WarnWithin));
        Assert.Equal(before + 1, await fixture.TreeSizeAsync());
        BenchmarkReviewOutcome opened = Assert.Single(raced.SelectMany(r => r), o => o.Action == BenchmarkReviewOutcome.Opened);
        Assert.Equal((scenario.BudgetId, "t2", "detainees", 1), (opened.Budget, opened.Tranche, opened.Benchmark, opened.Review));
        Assert.Equal("open", (await DetaineesAsync(budget)).Reviews![0].State);

        // Verifications dated inside the window count for the review.
        LedgerAssert.Accepted(await budget.VerifyBenchmarkAsync(DomesticAuditor, new VerifyBenchmarkCommand(scenario.NewId("verify"), "t2", "detainees", LedgerScenario.Evidence, Today, "82")));
        LedgerAssert.Accepted(await budget.VerifyBenchmarkAsync(UnPanel, new VerifyBenchmarkCommand(scenario.NewId("verify"), "t2", "detainees", LedgerScenario.Evidence, Today, "85")));

        // Ten days before the second review opens: its verifiers are warned, nothing is logged.
        ulong beforeWarning = await fixture.TreeSizeAsync();
        BenchmarkReviewOutcome warned = Assert.Single(await budget.ApplyReviewsAsync(On(second.OpensOn.AddDays(-10)), WarnWithin));
        Assert.Equal((BenchmarkReviewOutcome.Upcoming, 2), (warned.Action, warned.Review));
        Assert.Equal(beforeWarning, await fixture.TreeSizeAsync());

        // The day after the first window: it closes as passed and the second opens; a second pass adds nothing.
        BenchmarkReviewOutcome[] closing = await budget.ApplyReviewsAsync(On(second.OpensOn), WarnWithin);
        Assert.Equal(
            [(BenchmarkReviewOutcome.Closed, 1, ReviewOutcomes.Passed), (BenchmarkReviewOutcome.Opened, 2, null)],
            closing.Select(o => (o.Action, o.Review, o.Outcome)));
        ulong afterClosing = await fixture.TreeSizeAsync();
        Assert.Empty(await budget.ApplyReviewsAsync(On(second.OpensOn), WarnWithin));
        Assert.Equal(afterClosing, await fixture.TreeSizeAsync());

        // The second window passes without verifications dated in it: missed.
        BenchmarkReviewOutcome missed = Assert.Single(await budget.ApplyReviewsAsync(On(second.ClosesOn.AddDays(1)), WarnWithin));
        Assert.Equal((BenchmarkReviewOutcome.Closed, 2, ReviewOutcomes.Missed), (missed.Action, missed.Review, missed.Outcome));
        Assert.Equal(["passed", "missed"], (await DetaineesAsync(budget)).Reviews!.Select(r => r.State));

        // The auditor's replay of the log's files agrees.
        LedgerLogFiles files = fixture.LogFiles;
        Transparency.Checkpoints.SignedCheckpoint checkpoint = await files.VerifyAsync(TestContext.Current.CancellationToken);
        byte[][] entries = await files.ReadAllAsync(checkpoint.Checkpoint.Size, TestContext.Current.CancellationToken);
        LedgerReplay replay = LedgerReplay.ForBudget(scenario.BudgetId).ApplyAll(entries.Select((entry, i) => ((ulong)i, entry)));
        // (Leaves other tests of this cluster wrote as raw bytes on purpose are malformed; none of this budget's is reported.)
        Assert.Empty(replay.Violations.Where(v => v.Kind is not null).Select(v => $"{v.LeafIndex} {v.Kind} {v.Code} {v.Message}"));
        Assert.Equal(
            [(1, ReviewOutcome.Passed), (2, ReviewOutcome.Missed)],
            replay.Budgets[scenario.BudgetId].FindTranche("t2")!.BenchmarkStates["detainees"].Reviews.Values.Select(r => (r.Window.Number, r.Closed!.Outcome)));
    }

    [Fact]
    public async Task Abuse_numeric_cadences_half_horizons_past_or_absurd_horizons_change_nothing()
    {
        (LedgerScenario scenario, IReliefBudgetGrain budget) = await ScheduledAsync("rv-abuse");
        (string Code, BenchmarkDefinition Definition)[] bad =
        [
            (RejectionCode.InvalidRequest, Reviewed(cadence: "0")),
            (RejectionCode.InvalidRequest, Reviewed(cadence: "1")),
            (RejectionCode.InvalidRequest, Reviewed(cadence: "Monthly")),
            (RejectionCode.InvalidRequest, Reviewed(count: null)),
            (RejectionCode.InvalidRequest, Reviewed(count: 2, until: Today.AddYears(1))),
            (RejectionCode.InvalidRequest, Reviewed(count: null, until: Today.AddDays(-1))),
            (RejectionCode.InvalidRequest, Reviewed(count: null, until: Today.AddDays(20))),
            (RejectionCode.InvalidRequest, Reviewed(count: null, until: Today.AddYears(11))),
            (RejectionCode.InvalidRequest, Reviewed(count: 121)),
            (RejectionCode.InvalidRequest, Reviewed(count: 0)),
            (RejectionCode.InvalidRequest, Reviewed(count: -3)),
            (RejectionCode.InvalidRequest, Reviewed(cadence: null, count: 2)),
        ];
        foreach ((string code, BenchmarkDefinition definition) in bad)
        {
            ulong size = await fixture.TreeSizeAsync();
            LedgerAssert.Refused(code, await budget.AddTrancheAsync(LedgerActors.Donor, new AddTrancheCommand(scenario.NewId("tranche"), "t3", Amounts.Of("10.00"), false, [], [definition])));
            Assert.Equal(size, await fixture.TreeSizeAsync());
        }

        // A horizon as an end date becomes the number of whole reviews closing on or before it.
        LedgerAssert.Accepted(await budget.AddTrancheAsync(LedgerActors.Donor, new AddTrancheCommand(
            scenario.NewId("tranche"), "t4", Amounts.Of("10.00"), false, [], [Reviewed(count: null, until: Today.AddYears(1), cadence: ReviewCadences.Quarterly)])));
        BenchmarkView t4 = Assert.Single(Assert.Single((await budget.GetAsync())!.Tranches, t => t.Tranche == "t4").BenchmarkDetails);
        Assert.Equal((ReviewCadences.Quarterly, 4), (t4.ReviewCadence, t4.ReviewCount));

        // A budget never opened has nothing to review.
        Assert.Empty(await fixture.Client.GetGrain<IReliefBudgetGrain>(scenario.BudgetId + "-never-opened").ApplyReviewsAsync(On(Today), WarnWithin));
    }
}
