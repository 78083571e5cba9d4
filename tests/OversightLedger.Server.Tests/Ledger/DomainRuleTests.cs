using System.Text.Json;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>Each DESIGN §5 rule, enforced by the grains: refused with its code, with no entry in the log and no money moved.</summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class DomainRuleTests(LedgerClusterFixture fixture)
{
    [Fact]
    public async Task R1_a_program_the_budget_does_not_list_is_refused_ring_fence()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "ring-fence").BuildAsync();
        string unlisted = await scenario.OpenProgramAsync("unlisted", LedgerActors.Agency, scenario.Currency, listOnBudget: false);
        IBeneficiaryProgramGrain program = fixture.Client.GetGrain<IBeneficiaryProgramGrain>(unlisted);
        DisburseCommand payment = scenario.Payment(0, "20.00");

        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.RingFence, () => program.DisburseAsync(LedgerActors.Agency, payment));

        LedgerAssert.Accepted(await scenario.Budget.ListProgramAsync(LedgerActors.Donor, new ListProgramCommand(scenario.NewId("eligible"), unlisted)));
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, payment));
    }

    [Fact]
    public async Task R1_a_program_in_another_currency_than_the_budget_cannot_be_listed_currency_mismatch()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "currency").WithCurrency("EUR").BuildAsync();
        string dollars = await scenario.OpenProgramAsync("usd", LedgerActors.Agency, "USD", listOnBudget: false);
        IBeneficiaryProgramGrain program = fixture.Client.GetGrain<IBeneficiaryProgramGrain>(dollars);

        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.CurrencyMismatch, () => scenario.Budget.ListProgramAsync(LedgerActors.Donor, new ListProgramCommand(scenario.NewId("eligible"), dollars)));
        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.CurrencyMismatch, () => program.DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "20.00")));
        Assert.Equal("USD", (await program.GetAsync())!.Currency);
        Assert.DoesNotContain(dollars, (await scenario.Budget.GetAsync())!.EligiblePrograms);
    }

    [Fact]
    public async Task R1_a_budget_lists_only_a_program_that_is_open_and_pins_its_agency()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "pin").BuildAsync();
        string later = $"p-{scenario.Key}-later";

        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.UnknownProgram, () => scenario.Budget.ListProgramAsync(LedgerActors.Donor, new ListProgramCommand(scenario.NewId("eligible"), later)));

        // The program opened afterwards by any agency is not on the budget: its payments are outside the ring-fence.
        IBeneficiaryProgramGrain program = fixture.Client.GetGrain<IBeneficiaryProgramGrain>(later);
        LedgerAssert.Accepted(await program.OpenAsync(LedgerActors.OtherAgency, new OpenProgramCommand(scenario.NewId("open"), scenario.Currency, Amounts.Of(scenario.Cap), "month")));
        LedgerAssert.Accepted(await program.EnrollAsync(LedgerActors.OtherAgency, new EnrollCommand(scenario.NewId("enrol"), scenario.Beneficiaries[0])));
        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.RingFence, () => program.DisburseAsync(LedgerActors.OtherAgency, scenario.Payment(0, "20.00")));

        // Listed now, it is pinned to the agency that runs it.
        LedgerResult listed = await scenario.Budget.ListProgramAsync(LedgerActors.Donor, new ListProgramCommand(scenario.NewId("eligible"), later));
        LedgerAssert.Accepted(listed);
        Assert.Equal(LedgerActors.OtherAgency.Principal, Assert.IsType<ProgramEligible>(LedgerEntryParser.Parse(listed.Entry!)).Agency);
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.OtherAgency, scenario.Payment(0, "20.00")));
    }

    [Fact]
    public async Task R1_the_budget_refuses_a_reservation_drafted_for_another_agency_than_the_pinned_one()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "pinned").BuildAsync();
        string before = JsonSerializer.Serialize(await scenario.Budget.GetAsync());
        var draft = new DisbursementDraft(
            scenario.NewId("d"), scenario.ProgramIds[0], LedgerActors.OtherAgency.Principal, scenario.BudgetId, null, scenario.Beneficiaries[0], Amounts.Of("10.00"),
            scenario.Currency, LedgerScenario.Purpose, "cash", LedgerScenario.CurrentPeriod);

        ReservationOutcome outcome = await scenario.Budget.ReserveAsync(draft, DateTimeOffset.UtcNow);

        Assert.False(outcome.IsReserved);
        Assert.Equal(RejectionCode.RingFence, outcome.RejectionCode);
        Assert.Equal(before, JsonSerializer.Serialize(await scenario.Budget.GetAsync()));
    }

    [Fact]
    public async Task R2_a_disbursement_above_what_is_released_and_not_held_is_refused_insufficient_released_funds()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "funds").WithTranche("t1", "100.00").BuildAsync();
        IBeneficiaryProgramGrain program = scenario.Program();

        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "60.00")));
        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.InsufficientReleasedFunds, () => program.DisburseAsync(LedgerActors.Agency, scenario.Payment(1, "40.01")));
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(1, "40.00")));
        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.InsufficientReleasedFunds, () => program.DisburseAsync(LedgerActors.Agency, scenario.Payment(2, "0.01")));

        BudgetView budget = (await scenario.Budget.GetAsync())!;
        Assert.Equal("100.00", budget.Disbursed);
        Assert.Equal("0.00", budget.Available);
    }

    [Fact]
    public async Task R3_a_tranche_is_released_only_once_its_benchmark_has_an_independent_verification()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "benchmark").BuildAsync();
        IReliefBudgetGrain budget = scenario.Budget;
        LedgerAssert.Accepted(await budget.AddTrancheAsync(LedgerActors.Donor, new AddTrancheCommand(scenario.NewId("tranche"), "t2", Amounts.Of("500.00"), false, ["bm-t2"])));
        var release = new ReleaseTrancheCommand(scenario.NewId("release"), "t2", Amounts.Of("500.00"));

        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.BenchmarkNotVerified, () => budget.ReleaseTrancheAsync(LedgerActors.Donor, release));
        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.TrancheNotReleased, () => scenario.Program().DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "10.00", tranche: "t2")));
        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.VerifierNotIndependent, () => budget.VerifyBenchmarkAsync(
            LedgerActors.Donor, new VerifyBenchmarkCommand(scenario.NewId("verify"), "t2", "bm-t2", LedgerScenario.Evidence, new DateOnly(2026, 2, 1))));

        LedgerAssert.Accepted(await budget.VerifyBenchmarkAsync(
            LedgerActors.Watchdog, new VerifyBenchmarkCommand(scenario.NewId("verify"), "t2", "bm-t2", LedgerScenario.Evidence, new DateOnly(2026, 2, 1))));
        LedgerAssert.Accepted(await budget.ReleaseTrancheAsync(LedgerActors.Donor, release));
        TrancheView t2 = Assert.Single((await budget.GetAsync())!.Tranches, t => t.Tranche == "t2");
        Assert.True(t2.IsReleased);
        Assert.Equal(["bm-t2"], t2.VerifiedBenchmarks);
        Assert.Equal("500.00", t2.Released);
    }

    [Fact]
    public async Task R3_and_R8_only_the_budget_owner_acts_on_the_budget()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "owner").BuildAsync();
        IReliefBudgetGrain budget = scenario.Budget;
        LedgerAssert.Accepted(await budget.AddTrancheAsync(LedgerActors.Donor, new AddTrancheCommand(scenario.NewId("tranche"), "t2", Amounts.Of("500.00"), false, ["bm-t2"])));
        LedgerAssert.Accepted(await budget.VerifyBenchmarkAsync(
            LedgerActors.Watchdog, new VerifyBenchmarkCommand(scenario.NewId("verify"), "t2", "bm-t2", LedgerScenario.Evidence, new DateOnly(2026, 2, 1))));
        var release = new ReleaseTrancheCommand(scenario.NewId("release"), "t2", Amounts.Of("500.00"));

        await AssertRefusedWithoutEntryAsync(scenario, LedgerResult.Forbidden, () => budget.ReleaseTrancheAsync(LedgerActors.OtherDonor, release));
        await AssertRefusedWithoutEntryAsync(scenario, LedgerResult.Forbidden, () => budget.ReleaseTrancheAsync(LedgerActors.Agency, release));
        await AssertRefusedWithoutEntryAsync(scenario, LedgerResult.Forbidden, () => budget.ReceiveFundsAsync(LedgerActors.OtherDonor, new ReceiveFundsCommand(scenario.NewId("funds"), Amounts.Of("10.00"), "wire-2")));
        await AssertRefusedWithoutEntryAsync(scenario, LedgerResult.Forbidden, () => budget.AddTrancheAsync(LedgerActors.OtherDonor, new AddTrancheCommand(scenario.NewId("tranche"), "t3", Amounts.Of("10.00"), false, [])));
        await AssertRefusedWithoutEntryAsync(scenario, LedgerResult.Forbidden, () => budget.ListProgramAsync(LedgerActors.OtherDonor, new ListProgramCommand(scenario.NewId("eligible"), "p-elsewhere")));
        await AssertRefusedWithoutEntryAsync(scenario, LedgerResult.Forbidden, () => budget.GrantExemptionAsync(LedgerActors.OtherDonor, new GrantExemptionCommand(
            scenario.NewId("exemption"), "x1", [LedgerScenario.Purpose], ["cash"], Amounts.Of("50.00"), DateTimeOffset.UtcNow.AddDays(1))));
        Assert.False(Assert.Single((await budget.GetAsync())!.Tranches, t => t.Tranche == "t2").IsReleased);

        LedgerAssert.Accepted(await budget.ReleaseTrancheAsync(LedgerActors.Donor, release));
        Assert.True(Assert.Single((await budget.GetAsync())!.Tranches, t => t.Tranche == "t2").IsReleased);
    }

    [Fact]
    public async Task R4_a_frozen_budget_refuses_its_political_tranche_while_an_exempt_humanitarian_payment_still_flows()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "frozen")
            .WithTranche("t-political", "1000.00")
            .WithTranche("t-humanitarian", "1000.00", humanitarian: true)
            .BuildAsync();
        IReliefBudgetGrain budget = scenario.Budget;
        IBeneficiaryProgramGrain program = scenario.Program();
        LedgerAssert.Accepted(await budget.GrantExemptionAsync(LedgerActors.Donor, new GrantExemptionCommand(
            scenario.NewId("exemption"), "x-cash", [LedgerScenario.Purpose], ["cash"], Amounts.Of("50.00"), DateTimeOffset.UtcNow.AddHours(1))));
        LedgerAssert.Accepted(await budget.FreezeAsync(LedgerActors.Admin, new FreezeCommand(scenario.NewId("freeze"), "confirmed diversion finding", "finding-1")));
        Assert.True((await budget.GetAsync())!.Frozen);

        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.Frozen, () => program.DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "40.00", tranche: "t-political")));
        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.Frozen, () => program.DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "40.00", tranche: "t-humanitarian", modality: "voucher")));
        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.Frozen, () => program.DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "60.00", tranche: "t-humanitarian")));

        // The exempt payment (sector = the budget's purpose, cash, within the largest amount) flows from the humanitarian tranche.
        LedgerResult exempt = await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "40.00"));
        LedgerAssert.Accepted(exempt);
        Assert.Equal("t-humanitarian", Assert.IsType<Disbursed>(LedgerEntryParser.Parse(exempt.Entry)).Tranche);
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(1, "50.00", tranche: "t-humanitarian")));

        // Unfreezing is the owner's explicit, logged act; then the political tranche pays again.
        await AssertRefusedWithoutEntryAsync(scenario, LedgerResult.Forbidden, () => budget.UnfreezeAsync(LedgerActors.OtherDonor, new FreezeCommand(scenario.NewId("unfreeze"), "not mine", null)));
        ulong size = await fixture.TreeSizeAsync();
        LedgerAssert.Accepted(await budget.UnfreezeAsync(LedgerActors.Donor, new FreezeCommand(scenario.NewId("unfreeze"), "finding resolved", "finding-1")));
        Assert.Equal(size + 1, await fixture.TreeSizeAsync());
        Assert.False((await budget.GetAsync())!.Frozen);
        LedgerResult political = await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(2, "40.00", tranche: "t-political"));
        LedgerAssert.Accepted(political);

        BudgetView view = (await budget.GetAsync())!;
        Assert.Equal("130.00", view.Disbursed);
        Assert.Equal("90.00", Assert.Single(view.Tranches, t => t.Tranche == "t-humanitarian").Disbursed);
        Assert.Equal("40.00", Assert.Single(view.Tranches, t => t.Tranche == "t-political").Disbursed);
    }

    [Fact]
    public async Task R5_an_exemption_stops_covering_payments_at_its_sunset()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "sunset")
            .WithTranche("t-humanitarian", "1000.00", humanitarian: true)
            .BuildAsync();
        IReliefBudgetGrain budget = scenario.Budget;
        DateTimeOffset now = DateTimeOffset.UtcNow;
        DateTimeOffset sunset = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(3);
        LedgerAssert.Accepted(await budget.GrantExemptionAsync(LedgerActors.Donor, new GrantExemptionCommand(
            scenario.NewId("exemption"), "x-short", [LedgerScenario.Purpose], ["cash"], Amounts.Of("50.00"), sunset)));
        LedgerAssert.Accepted(await budget.FreezeAsync(LedgerActors.Admin, new FreezeCommand(scenario.NewId("freeze"), "snap-back", null)));

        LedgerAssert.Accepted(await scenario.Program().DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "20.00")));

        TimeSpan untilPast = sunset.AddMilliseconds(50) - DateTimeOffset.UtcNow;
        if (untilPast > TimeSpan.Zero)
        {
            await Task.Delay(untilPast, cancellationToken);
        }

        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.ExemptionExpired, () => scenario.Program().DisburseAsync(LedgerActors.Agency, scenario.Payment(1, "20.00")));
        Assert.Equal("20.00", (await budget.GetAsync())!.Disbursed);
    }

    [Fact]
    public async Task R6_a_beneficiary_is_paid_at_most_the_cap_per_period_and_the_held_budget_money_is_given_back()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "cap").WithCap("100.00").BuildAsync();
        IBeneficiaryProgramGrain program = scenario.Program();

        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "60.00")));
        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.CapExceeded, () => program.DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "40.01")));
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "40.00")));

        // Within one payment list the first row's share of the cap counts against the second.
        ulong size = await fixture.TreeSizeAsync();
        LedgerResult[] rows = await program.DisburseManyAsync(LedgerActors.Agency, [scenario.Payment(1, "70.00"), scenario.Payment(1, "40.00")]);
        LedgerAssert.Accepted(rows[0]);
        LedgerAssert.Refused(RejectionCode.CapExceeded, rows[1]);
        Assert.Equal(size + 1, await fixture.TreeSizeAsync());

        BudgetView budget = (await scenario.Budget.GetAsync())!;
        Assert.Equal("170.00", budget.Disbursed);
        Assert.Equal("0.00", budget.Reserved);
        Assert.Equal("170.00", (await program.GetAsync())!.Disbursed);
    }

    [Fact]
    public async Task R6_a_pseudonym_not_enrolled_in_the_program_is_refused_unknown_beneficiary()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "enrolled").BuildAsync();
        DisburseCommand stranger = scenario.Payment(0, "10.00") with { Beneficiary = LedgerScenario.Pseudonym($"{scenario.Key}-never-enrolled") };

        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.UnknownBeneficiary, () => scenario.Program().DisburseAsync(LedgerActors.Agency, stranger));
        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.InvalidRequest, () => scenario.Program().DisburseAsync(LedgerActors.Agency, stranger with { Beneficiary = "jane-doe" }));
        Assert.Equal("0.00", (await scenario.Budget.GetAsync())!.Reserved);
    }

    [Fact]
    public async Task R8_an_agency_cannot_act_on_another_agencys_program()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "agency").BuildAsync();
        IBeneficiaryProgramGrain program = scenario.Program();

        await AssertRefusedWithoutEntryAsync(scenario, LedgerResult.Forbidden, () => program.DisburseAsync(LedgerActors.OtherAgency, scenario.Payment(0, "10.00")));
        await AssertRefusedWithoutEntryAsync(scenario, LedgerResult.Forbidden, () => program.EnrollAsync(
            LedgerActors.OtherAgency, new EnrollCommand(scenario.NewId("enrol"), LedgerScenario.Pseudonym($"{scenario.Key}-newcomer"))));
        await AssertRefusedWithoutEntryAsync(scenario, LedgerResult.Forbidden, () => program.DisburseAsync(LedgerActors.Donor, scenario.Payment(0, "10.00")));
        ulong size = await fixture.TreeSizeAsync();
        LedgerResult[] rows = await program.DisburseManyAsync(LedgerActors.OtherAgency, [scenario.Payment(0, "10.00"), scenario.Payment(1, "10.00")]);
        Assert.All(rows, row => LedgerAssert.Refused(LedgerResult.Forbidden, row));
        Assert.Equal(size, await fixture.TreeSizeAsync());
        Assert.Equal(0, (await program.GetAsync())!.Disbursements);
    }

    [Fact]
    public async Task Only_an_admin_freezes_a_budget_even_its_owner_cannot()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "freeze-role").BuildAsync();
        foreach (Actor actor in new[] { LedgerActors.Donor, LedgerActors.Agency, LedgerActors.Watchdog })
        {
            await AssertRefusedWithoutEntryAsync(scenario, LedgerResult.Forbidden, () => scenario.Budget.FreezeAsync(actor, new FreezeCommand(scenario.NewId("freeze"), "snap-back", null)));
        }

        Assert.False((await scenario.Budget.GetAsync())!.Frozen);
    }

    [Fact]
    public async Task A_budget_that_was_never_opened_is_refused_unknown_budget()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "no-budget").BuildAsync();
        string missing = $"b-{scenario.Key}-missing";
        IReliefBudgetGrain budget = fixture.Client.GetGrain<IReliefBudgetGrain>(missing);

        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.UnknownBudget, () => scenario.Program().DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "10.00", budget: missing)));
        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.UnknownBudget, () => budget.ReceiveFundsAsync(LedgerActors.Donor, new ReceiveFundsCommand(scenario.NewId("funds"), Amounts.Of("10.00"), "wire-3")));
        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.UnknownBudget, () => budget.FreezeAsync(LedgerActors.Admin, new FreezeCommand(scenario.NewId("freeze"), "snap-back", null)));
        Assert.Null(await budget.GetAsync());
    }

    [Fact]
    public async Task A_program_that_was_never_opened_is_refused_unknown_program()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "no-program").BuildAsync();
        string missing = $"p-{scenario.Key}-missing";
        IBeneficiaryProgramGrain program = fixture.Client.GetGrain<IBeneficiaryProgramGrain>(missing);

        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.UnknownProgram, () => scenario.Budget.ListProgramAsync(LedgerActors.Donor, new ListProgramCommand(scenario.NewId("eligible"), missing)));
        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.UnknownProgram, () => program.DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "10.00")));
        await AssertRefusedWithoutEntryAsync(scenario, RejectionCode.UnknownProgram, () => program.EnrollAsync(LedgerActors.Agency, new EnrollCommand(scenario.NewId("enrol"), scenario.Beneficiaries[0])));
        Assert.Null(await program.GetAsync());
    }

    /// <summary>Runs <paramref name="act"/>, expects the refusal <paramref name="code"/>, and checks that neither the log nor the budget changed.</summary>
    private async Task AssertRefusedWithoutEntryAsync(LedgerScenario scenario, string code, Func<Task<LedgerResult>> act)
    {
        ulong size = await fixture.TreeSizeAsync();
        string before = JsonSerializer.Serialize(await scenario.Budget.GetAsync());

        LedgerAssert.Refused(code, await act());

        Assert.Equal(size, await fixture.TreeSizeAsync());
        Assert.Equal(before, JsonSerializer.Serialize(await scenario.Budget.GetAsync()));
    }
}
