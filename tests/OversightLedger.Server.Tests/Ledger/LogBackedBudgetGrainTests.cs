using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>
/// Issue 17, item 2, through the cluster client: a budget grain rebuilt from the log holds no disbursement's facts, so a
/// replayed id (<see cref="IReliefBudgetGrain.ReserveAsync"/>, <see cref="IReliefBudgetGrain.ReserveManyAsync"/>), a
/// reversal or a delivery (<see cref="IReliefBudgetGrain.ApplyProgramEntryAsync"/>) that names a disbursement committed
/// before reads it back from the log, and commits carry their leaves (<see cref="IReliefBudgetGrain.CommitAsync"/>,
/// <see cref="IReliefBudgetGrain.CommitManyAsync"/>) so that one committed twice counts once.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class LogBackedBudgetGrainTests(LedgerClusterFixture fixture)
{
    [Fact]
    public async Task A_replayed_id_committed_before_the_rebuild_is_answered_as_committed_and_reserves_nothing()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "logbacked-budget-id").WithTranche("t1", "100.00").BuildAsync();
        IReliefBudgetGrain budget = scenario.Budget;
        DateTimeOffset now = DateTimeOffset.UtcNow;
        DisbursementDraft single = Draft(scenario, "20.00"), first = Draft(scenario, "10.00"), second = Draft(scenario, "15.00");
        Assert.All(await budget.ReserveManyAsync([single, first, second], now), outcome => Assert.True(outcome.IsReserved));

        byte[] singleEntry = DisbursedEntry(scenario, single, now);
        LogAppendReceipt singleReceipt = await fixture.AuditLog.AppendAsync(singleEntry);
        await budget.CommitAsync(singleEntry, singleReceipt.LeafIndex);
        byte[][] entries = [DisbursedEntry(scenario, first, now), DisbursedEntry(scenario, second, now)];
        LogAppendReceipt[] receipts = await fixture.AuditLog.AppendManyAsync(entries);
        await budget.CommitManyAsync(entries, [.. receipts.Select(r => r.LeafIndex)]);
        await AssertBalancesAsync(budget, reserved: "0.00", disbursed: "45.00", available: "55.00");

        await fixture.Cluster.DeactivateAsync(budget);

        // Rebuilt from the log, holding none of them: the same commits again count nothing (the leaf says they are applied).
        await budget.CommitAsync(singleEntry, singleReceipt.LeafIndex);
        await budget.CommitManyAsync(entries, [.. receipts.Select(r => r.LeafIndex)]);
        await AssertBalancesAsync(budget, reserved: "0.00", disbursed: "45.00", available: "55.00");
        await Assert.ThrowsAsync<ArgumentException>(() => budget.CommitManyAsync(entries, [receipts[0].LeafIndex]));

        await fixture.Cluster.DeactivateAsync(budget);
        Assert.Equal(new ReservationOutcome("t1", true, null, null), await budget.ReserveAsync(single, now));
        Assert.Equal(RejectionCode.Duplicate, (await budget.ReserveAsync(single with { Amount = Amounts.Of("21.00") }, now)).RejectionCode);
        ReservationOutcome[] again = await budget.ReserveManyAsync([first, second with { Amount = Amounts.Of("16.00") }, Draft(scenario, "5.00")], now);
        Assert.Equal([true, false, false], again.Select(o => o.AlreadyCommitted));
        Assert.Equal([null, RejectionCode.Duplicate, null], again.Select(o => o.RejectionCode));
        await AssertBalancesAsync(budget, reserved: "5.00", disbursed: "45.00", available: "50.00");
    }

    [Fact]
    public async Task A_reversal_and_a_delivery_of_disbursements_committed_before_the_rebuild_reach_the_budget_from_the_log()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "logbacked-budget-rev").WithTranche("t1", "1000.00").BuildAsync();
        DisburseCommand reversedLater = scenario.Payment(0, "100.00");
        DisburseCommand deliveredLater = scenario.Payment(1, "30.00");
        LedgerAssert.Accepted(await scenario.Program().DisburseAsync(LedgerActors.Agency, reversedLater));
        LedgerAssert.Accepted(await scenario.Program().DisburseAsync(LedgerActors.Agency, deliveredLater));
        await fixture.Cluster.DeactivateAsync(scenario.Program());
        await fixture.Cluster.DeactivateAsync(scenario.Budget);

        IBeneficiaryProgramGrain program = scenario.Program();
        LedgerAssert.Accepted(await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), reversedLater.DisbursementId, Amounts.Of("40.00"), "returned")));
        LedgerResult delivered = await program.ConfirmDeliveryAsync(LedgerActors.Agency, new ConfirmDeliveryCommand(scenario.NewId("del"), deliveredLater.DisbursementId));
        LedgerAssert.Accepted(delivered);
        BudgetView view = (await scenario.Budget.GetAsync())!;
        Assert.Equal(("90.00", "910.00"), (view.Disbursed, view.Available));

        // Once more after another rebuild: the same sums, and the rest of the payment reversed once only.
        await fixture.Cluster.DeactivateAsync(scenario.Program());
        await fixture.Cluster.DeactivateAsync(scenario.Budget);
        var rest = new ReverseCommand(scenario.NewId("rev"), reversedLater.DisbursementId, null, "recovered");
        LedgerAssert.Accepted(await program.ReverseAsync(LedgerActors.Agency, rest));
        LedgerAssert.Refused(RejectionCode.AlreadyReversed, await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), reversedLater.DisbursementId, null, "returned")));
        await fixture.Cluster.DeactivateAsync(scenario.Budget);
        await scenario.Budget.ApplyProgramEntryAsync(delivered.Entry!); // applied already (replayed): nothing changes, nothing fails
        view = (await scenario.Budget.GetAsync())!;
        Assert.Equal(("30.00", "970.00"), (view.Disbursed, view.Available));
    }

    private static DisbursementDraft Draft(LedgerScenario scenario, string amount) =>
        new(scenario.NewId("draft"), scenario.ProgramIds[0], LedgerActors.Agency.Principal, scenario.BudgetId, null, scenario.Beneficiaries[0], Amounts.Of(amount), scenario.Currency, LedgerScenario.Purpose, "cash", LedgerScenario.CurrentPeriod);

    private static byte[] DisbursedEntry(LedgerScenario scenario, DisbursementDraft draft, DateTimeOffset now) =>
        new Disbursed(
            draft.DisbursementId, now, draft.Program, draft.Budget, "t1", BeneficiaryPseudonym.Parse(draft.Beneficiary),
            draft.Amount.In(Currency.Parse(scenario.Currency)), draft.Sector, draft.Modality, draft.Period).ToCanonicalJson();

    private static async Task AssertBalancesAsync(IReliefBudgetGrain budget, string reserved, string disbursed, string available)
    {
        BudgetView view = (await budget.GetAsync())!;
        Assert.Equal((reserved, disbursed, available), (view.Reserved, view.Disbursed, view.Available));
    }
}
