using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Replay;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>
/// Issue 15 item 3 through the budget grain in a TestingHost: the review pass steps the consequence ladder once per failed
/// or missed review (racing passes log each step once), the view shows what is paused and frozen, humanitarian payments
/// flow at every step, and the owner lifts each step only after a passed review; the auditor's replay agrees.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class ConsequenceLadderGrainTests(LedgerClusterFixture fixture)
{
    private static readonly Actor DomesticAuditor = new("watchdog:ladder-domestic", IsAdmin: false);
    private static readonly Actor UnPanel = new("watchdog:ladder-un-panel", IsAdmin: false);
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private static readonly TimeSpan WarnWithin = TimeSpan.FromDays(14);

    private static BenchmarkDefinition Reviewed(string name, string cadence) =>
        new(name, "share of listed detainees released", "percent", "10", "80", TargetDirections.AtLeast, Today, 2, 2, cadence, 1, null);

    private static DateTimeOffset On(DateOnly day) => new(day.ToDateTime(new TimeOnly(0, 20)), TimeSpan.Zero);

    private static LiftConsequenceCommand Lift(LedgerScenario scenario, int step, string? id = null) =>
        new(id ?? EntryIds.ConsequenceLifted(scenario.BudgetId, step), step, "the benchmark is met again", null);

    private async Task AssertRefusedWithoutEntryAsync(string code, Func<Task<LedgerResult>> act)
    {
        ulong size = await fixture.TreeSizeAsync();
        LedgerAssert.Refused(code, await act());
        Assert.Equal(size, await fixture.TreeSizeAsync());
    }

    /// <summary>An exempt payment from the humanitarian tranche flows while the budget is frozen by snap-back on top of the ladder's steps.</summary>
    private async Task AssertHumanitarianPaymentFlowsAsync(LedgerScenario scenario, int beneficiary)
    {
        IReliefBudgetGrain budget = scenario.Budget;
        IBeneficiaryProgramGrain program = scenario.Program();
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(beneficiary, "10.00", tranche: "th")));
        LedgerAssert.Accepted(await budget.FreezeAsync(LedgerActors.Admin, new FreezeCommand(scenario.NewId("freeze"), "confirmed diversion finding", null)));
        LedgerResult exempt = await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(beneficiary, "10.00"));
        LedgerAssert.Accepted(exempt);
        Assert.Equal("th", Assert.IsType<Disbursed>(LedgerEntryParser.Parse(exempt.Entry)).Tranche);
        await AssertRefusedWithoutEntryAsync(RejectionCode.Frozen, () => program.DisburseAsync(LedgerActors.Agency, scenario.Payment(beneficiary, "10.00", tranche: "t1")));
        LedgerAssert.Accepted(await budget.UnfreezeAsync(LedgerActors.Donor, new FreezeCommand(scenario.NewId("unfreeze"), "finding resolved", null)));
    }

    [Fact]
    public async Task Failed_reviews_pause_then_freeze_and_the_owner_lifts_each_step_after_a_passed_review()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "ladder")
            .WithConsequenceLadder("1:pause-next-tranche", "2:freeze-unreleased")
            .WithTranche("t1", "1000.00")
            .WithTranche("th", "1000.00", humanitarian: true)
            .WithBeneficiaries(4)
            .BuildAsync();
        IReliefBudgetGrain budget = scenario.Budget;
        Actor donor = LedgerActors.Donor;
        LedgerAssert.Accepted(await budget.GrantExemptionAsync(donor, new GrantExemptionCommand(
            scenario.NewId("exemption"), "x-cash", [LedgerScenario.Purpose], ["cash"], Amounts.Of("50.00"), DateTimeOffset.UtcNow.AddDays(1))));

        // t2 carries three reviewed benchmarks: a-missed and b-failed close after a month, c-passed after a quarter.
        LedgerAssert.Accepted(await budget.AddTrancheAsync(donor, new AddTrancheCommand(
            scenario.NewId("tranche"), "t2", Amounts.Of("500.00"), false, [], [Reviewed("a-missed", ReviewCadences.Monthly), Reviewed("b-failed", ReviewCadences.Monthly), Reviewed("c-passed", ReviewCadences.Quarterly)])));
        LedgerAssert.Accepted(await budget.AddTrancheAsync(donor, new AddTrancheCommand(scenario.NewId("tranche"), "t3", Amounts.Of("500.00"), false, ["b3"])));
        LedgerAssert.Accepted(await budget.VerifyBenchmarkAsync(LedgerActors.Watchdog, new VerifyBenchmarkCommand(scenario.NewId("verify"), "t3", "b3", LedgerScenario.Evidence, Today)));
        LedgerAssert.Accepted(await budget.AddTrancheAsync(donor, new AddTrancheCommand(scenario.NewId("tranche"), "t4", Amounts.Of("500.00"), true, [])));
        LedgerAssert.Accepted(await budget.RegisterVerifierAsync(donor, new RegisterVerifierCommand(scenario.NewId("verifier"), DomesticAuditor.Principal, "domestic")));
        LedgerAssert.Accepted(await budget.RegisterVerifierAsync(donor, new RegisterVerifierCommand(scenario.NewId("verifier"), UnPanel.Principal, "international")));
        foreach ((string benchmark, string value) in new[] { ("b-failed", "40"), ("c-passed", "90") })
        {
            foreach (Actor verifier in new[] { DomesticAuditor, UnPanel })
            {
                LedgerAssert.Accepted(await budget.VerifyBenchmarkAsync(verifier, new VerifyBenchmarkCommand(scenario.NewId("verify"), "t2", benchmark, LedgerScenario.Evidence, Today, value)));
            }
        }

        BudgetView opened = (await budget.GetAsync())!;
        Assert.Equal([(1, 1, ConsequenceActions.PauseNextTranche), (2, 2, ConsequenceActions.FreezeUnreleased)], opened.ConsequenceLadder!.Select(s => (s.Step, s.FailedReviews, s.Action)));
        Assert.Empty(opened.Consequences!);
        await budget.ApplyReviewsAsync(On(Today), WarnWithin);
        await AssertHumanitarianPaymentFlowsAsync(scenario, 0);

        // A month on: a-missed and b-failed close; two racing passes step the ladder twice, once each.
        DateOnly monthEnd = Today.AddMonths(1);
        ulong before = await fixture.TreeSizeAsync();
        BenchmarkReviewOutcome[][] raced = await Task.WhenAll(budget.ApplyReviewsAsync(On(monthEnd), WarnWithin), budget.ApplyReviewsAsync(On(monthEnd), WarnWithin));
        Assert.Equal(before + 4, await fixture.TreeSizeAsync());
        Assert.Equal(
            [ConsequenceActions.FreezeUnreleased, ConsequenceActions.PauseNextTranche],
            raced.SelectMany(r => r).Where(o => o.Action == BenchmarkReviewOutcome.ConsequenceApplied).Select(o => o.Outcome).Order(StringComparer.Ordinal));
        Assert.Empty(await budget.ApplyReviewsAsync(On(monthEnd), WarnWithin));
        Assert.Equal(before + 4, await fixture.TreeSizeAsync());

        BudgetView stepped = (await budget.GetAsync())!;
        Assert.Equal(
            [(1, ConsequenceActions.PauseNextTranche, "t2", EntryIds.ReviewClosed(scenario.BudgetId, "t2", "a-missed", 1), true),
             (2, ConsequenceActions.FreezeUnreleased, "t2,t3", EntryIds.ReviewClosed(scenario.BudgetId, "t2", "b-failed", 1), true)],
            stepped.Consequences!.Select(c => (c.Step, c.Action, string.Join(',', c.Tranches), c.Review, c.InForce)));
        Assert.Equal(["t2"], stepped.PausedTranches!);
        Assert.Equal(["t2", "t3"], stepped.FrozenTranches!);

        // The frozen tranche refuses its release; the humanitarian t4 is never held, and exempt payments flow.
        await AssertRefusedWithoutEntryAsync(RejectionCode.ConsequenceInForce, () => budget.ReleaseTrancheAsync(donor, new ReleaseTrancheCommand(scenario.NewId("release"), "t3", Amounts.Of("500.00"))));
        LedgerAssert.Accepted(await budget.ReleaseTrancheAsync(donor, new ReleaseTrancheCommand(scenario.NewId("release"), "t4", Amounts.Of("500.00"))));
        await AssertHumanitarianPaymentFlowsAsync(scenario, 1);

        // No lift before a passed review, none by another donor, none of a step never applied, none of a malformed step.
        await AssertRefusedWithoutEntryAsync(RejectionCode.LiftNeedsPassedReview, () => budget.LiftConsequenceAsync(donor, Lift(scenario, 2)));
        await AssertRefusedWithoutEntryAsync(LedgerResult.Forbidden, () => budget.LiftConsequenceAsync(LedgerActors.OtherDonor, Lift(scenario, 2)));
        await AssertRefusedWithoutEntryAsync(RejectionCode.UnknownConsequence, () => budget.LiftConsequenceAsync(donor, Lift(scenario, 3)));
        await AssertRefusedWithoutEntryAsync(RejectionCode.InvalidRequest, () => budget.LiftConsequenceAsync(donor, Lift(scenario, 0)));
        await AssertRefusedWithoutEntryAsync(RejectionCode.InvalidRequest, () => budget.LiftConsequenceAsync(donor, Lift(scenario, 2) with { Reason = "" }));

        // A quarter on, c-passed closes as passed: the owner lifts step 2, once; t3 is released; then step 1.
        BenchmarkReviewOutcome passed = Assert.Single(await budget.ApplyReviewsAsync(On(Today.AddMonths(3)), WarnWithin));
        Assert.Equal(("c-passed", ReviewOutcomes.Passed), (passed.Benchmark, passed.Outcome));
        ulong lift = LedgerAssert.Accepted(await budget.LiftConsequenceAsync(donor, Lift(scenario, 2)));
        Assert.Equal(lift, LedgerAssert.Accepted(await budget.LiftConsequenceAsync(donor, Lift(scenario, 2))));
        await AssertRefusedWithoutEntryAsync(RejectionCode.AlreadyLifted, () => budget.LiftConsequenceAsync(donor, Lift(scenario, 2, scenario.NewId("lift"))));
        Assert.Equal(["t2"], (await budget.GetAsync())!.PausedTranches!);
        Assert.Empty((await budget.GetAsync())!.FrozenTranches!);
        LedgerAssert.Accepted(await budget.ReleaseTrancheAsync(donor, new ReleaseTrancheCommand(scenario.NewId("release"), "t3", Amounts.Of("500.00"))));
        await AssertHumanitarianPaymentFlowsAsync(scenario, 2);
        LedgerAssert.Accepted(await budget.LiftConsequenceAsync(donor, Lift(scenario, 1)));

        BudgetView lifted = (await budget.GetAsync())!;
        Assert.All(lifted.Consequences!, c => Assert.Equal((false, "the benchmark is met again"), (c.InForce, c.LiftReason)));
        Assert.All(lifted.Consequences!, c => Assert.Equal(EntryIds.ReviewClosed(scenario.BudgetId, "t2", "c-passed", 1), c.LiftReview));
        Assert.Empty(lifted.PausedTranches!);

        // The auditor's replay of the log's files agrees.
        LedgerLogFiles files = fixture.LogFiles;
        Transparency.Checkpoints.SignedCheckpoint checkpoint = await files.VerifyAsync(TestContext.Current.CancellationToken);
        byte[][] entries = await files.ReadAllAsync(checkpoint.Checkpoint.Size, TestContext.Current.CancellationToken);
        LedgerReplay replay = new LedgerReplay().ApplyAll(entries.Select((entry, i) => ((ulong)i, entry)));
        Assert.Empty(replay.Violations.Where(v => v.Kind is not null && v.EntryId!.Contains(scenario.Key, StringComparison.Ordinal)).Select(v => $"{v.LeafIndex} {v.Kind} {v.Code} {v.Message}"));
        Assert.Equal(
            [(1, false), (2, false)],
            replay.Budgets[scenario.BudgetId].Consequences.Select(c => (c.Step, c.IsInForce)));
    }

    [Fact]
    public async Task Abuse_malformed_ladders_are_refused_and_open_nothing_and_a_budget_without_a_ladder_is_unchanged()
    {
        string[][] bad =
        [
            [],
            ["0:pause-next-tranche"],
            ["1:0"],
            ["1:1"],
            ["1:snap-back"],
            ["2:pause-next-tranche", "1:freeze-unreleased"],
            [.. Enumerable.Range(1, 11).Select(n => $"{n}:freeze-unreleased")],
            ["100000:pause-next-tranche"],
        ];
        foreach (string[] ladder in bad)
        {
            string id = $"ladder-bad-{Guid.NewGuid():N}";
            await AssertRefusedWithoutEntryAsync(RejectionCode.InvalidRequest, () => fixture.Client.GetGrain<IReliefBudgetGrain>(id).OpenAsync(
                LedgerActors.Donor, new OpenBudgetCommand(id, "donor-org-1", LedgerScenario.Purpose, "SD", "EUR", Amounts.Of("100.00"), [], ladder)));
            Assert.Null(await fixture.Client.GetGrain<IReliefBudgetGrain>(id).GetAsync());
        }

        LedgerScenario plain = await new LedgerScenarioBuilder(fixture.Client, "no-ladder").BuildAsync();
        BudgetView view = (await plain.Budget.GetAsync())!;
        Assert.Null(view.ConsequenceLadder);
        Assert.Empty(view.Consequences!);
        await AssertRefusedWithoutEntryAsync(RejectionCode.UnknownConsequence, () => plain.Budget.LiftConsequenceAsync(LedgerActors.Donor, Lift(plain, 1)));
    }
}
