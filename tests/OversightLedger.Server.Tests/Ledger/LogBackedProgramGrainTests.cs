using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>
/// Issue 17, item 2, through the cluster client: a program grain rebuilt from the log holds no disbursement's facts, so
/// a reversal, a delivery or a replayed id that names a disbursement committed before reads it back from the log (the
/// sequencer's id index, then the entry) and is decided exactly as before.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class LogBackedProgramGrainTests(LedgerClusterFixture fixture)
{
    [Fact]
    public async Task A_reversal_and_a_delivery_of_disbursements_committed_before_the_rebuild_are_decided_from_the_log()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "logbacked-rev").WithTranche("t1", "1000.00").WithCap("100.00").BuildAsync();
        DisburseCommand reversedLater = scenario.Payment(0, "100.00");
        DisburseCommand deliveredLater = scenario.Payment(1, "30.00");
        LedgerAssert.Accepted(await scenario.Program().DisburseAsync(LedgerActors.Agency, reversedLater));
        LedgerAssert.Accepted(await scenario.Program().DisburseAsync(LedgerActors.Agency, deliveredLater));
        await fixture.Cluster.DeactivateAsync(scenario.Program());

        IBeneficiaryProgramGrain program = scenario.Program();
        LedgerAssert.Refused(RejectionCode.CapExceeded, await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "0.01")));
        var reversal = new ReverseCommand(scenario.NewId("rev"), reversedLater.DisbursementId, Amounts.Of("40.00"), "returned");
        ulong reversalLeaf = LedgerAssert.Accepted(await program.ReverseAsync(LedgerActors.Agency, reversal));
        LedgerAssert.Refused(
            RejectionCode.ReversalExceedsPaid,
            await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), reversedLater.DisbursementId, Amounts.Of("60.01"), "returned")));
        var delivery = new ConfirmDeliveryCommand(scenario.NewId("del"), deliveredLater.DisbursementId);
        LedgerResult delivered = await program.ConfirmDeliveryAsync(LedgerActors.Agency, delivery);
        LedgerAssert.Accepted(delivered);
        Assert.Equal("30.00", Assert.IsType<Delivered>(LedgerEntryParser.Parse(delivered.Entry!)).Amount.ToDecimalString());

        // Once more after another rebuild: the same answers by id, the delivery not twice, the cap given back in its period.
        await fixture.Cluster.DeactivateAsync(scenario.Program());
        program = scenario.Program();
        Assert.Equal(reversalLeaf, (await program.ReverseAsync(LedgerActors.Agency, reversal)).LeafIndex);
        Assert.Equal(delivered.LeafIndex, (await program.ConfirmDeliveryAsync(LedgerActors.Agency, delivery)).LeafIndex);
        LedgerAssert.Refused(
            RejectionCode.AlreadyDelivered,
            await program.ConfirmDeliveryAsync(LedgerActors.Agency, new ConfirmDeliveryCommand(scenario.NewId("del"), deliveredLater.DisbursementId)));
        LedgerAssert.Refused(
            RejectionCode.DeliveredNotFailed,
            await program.ReverseAsync(LedgerActors.Agency, new ReverseCommand(scenario.NewId("rev"), deliveredLater.DisbursementId, null, "failed")));
        LedgerAssert.Refused(RejectionCode.CapExceeded, await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "40.01")));
        LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "40.00")));
        Assert.Equal("130.00", (await program.GetAsync())!.Disbursed);
        Assert.Equal("130.00", (await scenario.Budget.GetAsync())!.Disbursed);
    }

    [Fact]
    public async Task A_payment_list_that_repeats_ids_committed_before_the_rebuild_gets_their_receipts_and_pays_only_the_new_rows()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "logbacked-list").WithTranche("t1", "1000.00").BuildAsync();
        DisburseCommand[] first = [scenario.Payment(0, "10.00"), scenario.Payment(1, "20.00"), scenario.Payment(2, "30.00")];
        LedgerResult[] committed = await scenario.Program().DisburseManyAsync(LedgerActors.Agency, first);
        Assert.All(committed, result => LedgerAssert.Accepted(result));
        await fixture.Cluster.DeactivateAsync(scenario.Program());
        await fixture.Cluster.DeactivateAsync(scenario.Budget);
        ulong size = await fixture.TreeSizeAsync();

        DisburseCommand fresh = scenario.Payment(0, "5.00");
        LedgerResult[] again = await scenario.Program().DisburseManyAsync(LedgerActors.Agency, [first[2], fresh, first[0], first[1] with { Amount = Amounts.Of("21.00") }]);

        Assert.Equal([committed[2].LeafIndex, committed[0].LeafIndex], [again[0].LeafIndex, again[2].LeafIndex]);
        Assert.Equal(committed[2].Entry, again[0].Entry);
        Assert.Equal(committed[0].Entry, again[2].Entry);
        Assert.True(LedgerAssert.Accepted(again[1]) >= size);
        LedgerAssert.Refused(RejectionCode.Duplicate, again[3]);
        Assert.Equal(size + 1, await fixture.TreeSizeAsync());
        Assert.Equal("65.00", (await scenario.Program().GetAsync())!.Disbursed);
        Assert.Equal(4, (await scenario.Program().GetAsync())!.Disbursements);
        Assert.Equal("65.00", (await scenario.Budget.GetAsync())!.Disbursed);
    }
}
