using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>
/// The grain methods of issue 15's reversals and deliveries (<see cref="IBeneficiaryProgramGrain.ReverseAsync"/>,
/// <see cref="IBeneficiaryProgramGrain.ConfirmDeliveryAsync"/>, <see cref="IReliefBudgetGrain.ApplyProgramEntryAsync"/>)
/// called through the cluster client, so every command and result crosses the wire.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class ReversalGrainTests(LedgerClusterFixture fixture)
{
    [Fact]
    public async Task A_reversal_gives_the_money_back_to_the_tranche_and_the_cap_so_a_refused_payment_then_goes_through()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "reverse-funds").WithTranche("t1", "100.00").WithCap("100.00").BuildAsync();
        IBeneficiaryProgramGrain program = scenario.Program();
        DisburseCommand paid = scenario.Payment(0, "100.00");
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, paid));
        LedgerAssert.Refused(RejectionCode.InsufficientReleasedFunds, await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(1, "40.00")));
        LedgerAssert.Refused(RejectionCode.InsufficientReleasedFunds, await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "40.00")));

        LedgerResult reversed = await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, Amounts.Of("40.00"), "returned"));

        LedgerAssert.Accepted(reversed);
        var entry = Assert.IsType<Reversed>(LedgerEntryParser.Parse(reversed.Entry!));
        Assert.Equal((scenario.EntryIdOf(paid), "40.00", "returned", "t1"), (entry.Disbursement, entry.Amount.ToDecimalString(), entry.Reason, entry.Tranche));
        BudgetView budget = (await scenario.Budget.GetAsync())!;
        Assert.Equal(("60.00", "40.00"), (budget.Disbursed, budget.Available));
        Assert.Equal("60.00", (await program.GetAsync())!.Disbursed);
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "40.00")));
    }

    [Fact]
    public async Task Partial_reversals_stop_at_the_amount_paid_and_an_id_replays_its_entry()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "reverse-bounds").WithTranche("t1", "1000.00").BuildAsync();
        IBeneficiaryProgramGrain program = scenario.Program();
        DisburseCommand paid = scenario.Payment(0, "50.00");
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, paid));
        var first = new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, Amounts.Of("20.00"), "failed");

        ulong leaf = LedgerAssert.Accepted(await program.ReverseAsync(LedgerActors.Agency, first));

        Assert.Equal(leaf, (await program.ReverseAsync(LedgerActors.Agency, first)).LeafIndex);
        LedgerAssert.Refused(RejectionCode.Duplicate, await program.ReverseAsync(LedgerActors.Agency, first with { Amount = Amounts.Of("21.00") }));
        LedgerAssert.Refused(RejectionCode.ReversalExceedsPaid, await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, Amounts.Of("30.01"), "failed")));
        LedgerAssert.Refused(RejectionCode.InvalidRequest, await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, Amounts.Of("1.001"), "failed")));
        LedgerAssert.Refused(RejectionCode.InvalidRequest, await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, Amounts.Of("1.00"), "0")));
        LedgerAssert.Refused(RejectionCode.UnknownDisbursement, await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), "no-such-payment", Amounts.Of("1.00"), "failed")));
        LedgerAssert.Accepted(await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, null, "recovered")));
        LedgerAssert.Refused(RejectionCode.AlreadyReversed, await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, null, "recovered")));
        Assert.Equal("1000.00", (await scenario.Budget.GetAsync())!.Available);
    }

    [Fact]
    public async Task Only_the_programs_agency_reverses_or_confirms_and_another_agency_learns_nothing()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "reverse-owner").WithTranche("t1", "1000.00").BuildAsync();
        IBeneficiaryProgramGrain program = scenario.Program();
        DisburseCommand paid = scenario.Payment(0, "50.00");
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, paid));

        LedgerResult known = await program.ReverseAsync(LedgerActors.OtherAgency, new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, Amounts.Of("1.00"), "failed"));
        LedgerResult unknown = await program.ReverseAsync(LedgerActors.OtherAgency, new ReverseCommand(scenario.NewId("rev"), "no-such-payment", Amounts.Of("1.00"), "failed"));
        LedgerResult delivery = await program.ConfirmDeliveryAsync(LedgerActors.OtherAgency, new ConfirmDeliveryCommand(scenario.NewId("del"), paid.DisbursementId));

        LedgerAssert.Refused(LedgerResult.Forbidden, known);
        Assert.Equal(known.Message, unknown.Message);
        LedgerAssert.Refused(LedgerResult.Forbidden, delivery);
        Assert.Equal("950.00", (await scenario.Budget.GetAsync())!.Available);
        LedgerAssert.Refused(
            RejectionCode.UnknownProgram,
            await fixture.Client.GetGrain<IBeneficiaryProgramGrain>(scenario.NewId("no-program")).ReverseAsync(LedgerActors.Agency, new ReverseCommand("r", "d", null, "failed")));
    }

    [Fact]
    public async Task Two_reversals_of_the_whole_amount_at_once_one_wins()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "reverse-race").WithTranche("t1", "1000.00").BuildAsync();
        IBeneficiaryProgramGrain program = scenario.Program();
        DisburseCommand paid = scenario.Payment(0, "80.00");
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, paid));

        LedgerResult[] results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, Amounts.Of("80.00"), "returned"))));

        Assert.Single(results, r => r.Accepted);
        Assert.All(results.Where(r => !r.Accepted), r => Assert.Equal(RejectionCode.AlreadyReversed, r.RejectionCode));
        Assert.Equal(("0.00", "1000.00"), ((await scenario.Budget.GetAsync())!.Disbursed, (await scenario.Budget.GetAsync())!.Available));
    }

    [Fact]
    public async Task A_delivery_is_confirmed_once_and_a_delivered_payment_can_be_returned_but_not_fail()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "deliver").WithTranche("t1", "1000.00").BuildAsync();
        IBeneficiaryProgramGrain program = scenario.Program();
        DisburseCommand paid = scenario.Payment(0, "50.00"), failed = scenario.Payment(1, "30.00");
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, paid));
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, failed));
        var confirm = new ConfirmDeliveryCommand(EntryIds.Delivered(scenario.ProgramIds[0], paid.DisbursementId), paid.DisbursementId);

        LedgerResult delivered = await program.ConfirmDeliveryAsync(LedgerActors.Agency, confirm);

        LedgerAssert.Accepted(delivered);
        Assert.Equal("50.00", Assert.IsType<Delivered>(LedgerEntryParser.Parse(delivered.Entry!)).Amount.ToDecimalString());
        Assert.Equal(delivered.LeafIndex, (await program.ConfirmDeliveryAsync(LedgerActors.Agency, confirm)).LeafIndex);
        LedgerAssert.Refused(RejectionCode.AlreadyDelivered, await program.ConfirmDeliveryAsync(LedgerActors.Agency, confirm with { EntryId = scenario.NewId("del") }));
        LedgerAssert.Refused(RejectionCode.DeliveredNotFailed, await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, null, "failed")));
        LedgerAssert.Accepted(await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, null, "returned")));

        LedgerAssert.Accepted(await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), failed.DisbursementId, null, "failed")));
        LedgerAssert.Refused(RejectionCode.AlreadyReversed, await program.ConfirmDeliveryAsync(LedgerActors.Agency, new ConfirmDeliveryCommand(scenario.NewId("del"), failed.DisbursementId)));
        LedgerAssert.Refused(RejectionCode.UnknownDisbursement, await program.ConfirmDeliveryAsync(LedgerActors.Agency, new ConfirmDeliveryCommand(scenario.NewId("del"), "no-such-payment")));
    }

    [Fact]
    public async Task Reversals_survive_a_rebuild_of_the_program_and_the_budget_from_the_log()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "reverse-rebuild").WithTranche("t1", "1000.00").BuildAsync();
        IBeneficiaryProgramGrain program = scenario.Program();
        DisburseCommand paid = scenario.Payment(0, "90.00");
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, paid));
        LedgerAssert.Accepted(await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, Amounts.Of("60.00"), "returned")));
        LedgerAssert.Accepted(await program.ConfirmDeliveryAsync(LedgerActors.Agency, new ConfirmDeliveryCommand(scenario.NewId("del"), paid.DisbursementId)));

        await fixture.Cluster.DeactivateAsync(program);
        await fixture.Cluster.DeactivateAsync(scenario.Budget);

        Assert.Equal(("30.00", "970.00"), ((await scenario.Budget.GetAsync())!.Disbursed, (await scenario.Budget.GetAsync())!.Available));
        Assert.Equal("30.00", (await program.GetAsync())!.Disbursed);
        LedgerAssert.Refused(RejectionCode.ReversalExceedsPaid, await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, Amounts.Of("30.01"), "returned")));
        LedgerAssert.Refused(RejectionCode.AlreadyDelivered, await program.ConfirmDeliveryAsync(LedgerActors.Agency, new ConfirmDeliveryCommand(scenario.NewId("del"), paid.DisbursementId)));
    }

    [Fact]
    public async Task The_budget_counts_a_programs_reversal_once_and_refuses_any_other_entry()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "budget-apply").WithTranche("t1", "1000.00").BuildAsync();
        IBeneficiaryProgramGrain program = scenario.Program();
        DisburseCommand paid = scenario.Payment(0, "70.00");
        LedgerResult disbursed = await program.DisburseAsync(LedgerActors.Agency, paid);
        LedgerResult reversed = await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), paid.DisbursementId, Amounts.Of("20.00"), "recovered"));
        LedgerAssert.Accepted(reversed);

        await scenario.Budget.ApplyProgramEntryAsync(reversed.Entry!);

        Assert.Equal("950.00", (await scenario.Budget.GetAsync())!.Available);
        await Assert.ThrowsAsync<ArgumentException>(() => scenario.Budget.ApplyProgramEntryAsync(disbursed.Entry!));
        Assert.Equal("950.00", (await scenario.Budget.GetAsync())!.Available);
    }
}
