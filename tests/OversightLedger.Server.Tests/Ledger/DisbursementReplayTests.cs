using OversightLedger.Domain.Decisions;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>DESIGN §5.7: every request carries an id; replaying it returns the same result and moves no money twice.</summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class DisbursementReplayTests(LedgerClusterFixture fixture)
{
    [Fact]
    public async Task Replaying_a_disbursement_one_after_the_other_returns_the_same_leaf_and_entry_and_logs_it_once()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "replay-seq").BuildAsync();
        DisburseCommand command = scenario.Payment(0, "25.00");

        LedgerResult first = await scenario.Program().DisburseAsync(LedgerActors.Agency, command);
        ulong leaf = LedgerAssert.Accepted(first);
        ulong size = await fixture.TreeSizeAsync();

        foreach (IGrainFactory grains in fixture.GrainFactories)
        {
            LedgerResult again = await grains.GetGrain<IBeneficiaryProgramGrain>(scenario.ProgramIds[0]).DisburseAsync(LedgerActors.Agency, command);
            Assert.Equal(first, again with { Entry = first.Entry });
            Assert.Equal(first.Entry, again.Entry);
        }

        Assert.Equal(size, await fixture.TreeSizeAsync());
        Assert.Equal(leaf, await fixture.AuditLog.FindAsync(scenario.EntryIdOf(command)));
        BudgetView budget = (await scenario.Budget.GetAsync())!;
        Assert.Equal("25.00", budget.Disbursed);
        Assert.Equal("0.00", budget.Reserved);
        ProgramView program = (await scenario.Program().GetAsync())!;
        Assert.Equal(1, program.Disbursements);
        Assert.Equal("25.00", program.Disbursed);
    }

    [Fact]
    public async Task Replaying_a_disbursement_concurrently_returns_one_leaf_and_entry_to_every_caller_and_logs_it_once()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "replay-par").BuildAsync();
        DisburseCommand command = scenario.Payment(1, "40.00");
        IReadOnlyList<IGrainFactory> ways = fixture.GrainFactories;
        ulong size = await fixture.TreeSizeAsync();

        LedgerResult[] results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(
            () => ways[i % ways.Count].GetGrain<IBeneficiaryProgramGrain>(scenario.ProgramIds[0]).DisburseAsync(LedgerActors.Agency, command),
            cancellationToken)));

        ulong leaf = LedgerAssert.Accepted(results[0]);
        Assert.All(results, result =>
        {
            Assert.True(result.Accepted, $"{result.RejectionCode}: {result.Message}");
            Assert.Equal(leaf, result.LeafIndex);
            Assert.Equal(results[0].Entry, result.Entry);
        });
        Assert.Equal(size + 1, await fixture.TreeSizeAsync());
        byte[][] logged = await fixture.LogFiles.ReadAsync([leaf], size + 1, cancellationToken);
        Assert.Equal(results[0].Entry, logged[0]);
        BudgetView budget = (await scenario.Budget.GetAsync())!;
        Assert.Equal("40.00", budget.Disbursed);
        Assert.Equal("0.00", budget.Reserved);
    }

    [Fact]
    public async Task The_same_id_for_a_different_disbursement_is_refused_as_duplicate_and_moves_no_money()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "replay-dup").BuildAsync();
        DisburseCommand command = scenario.Payment(0, "30.00");
        LedgerResult first = await scenario.Program().DisburseAsync(LedgerActors.Agency, command);
        LedgerAssert.Accepted(first);
        ulong size = await fixture.TreeSizeAsync();

        LedgerAssert.Refused(RejectionCode.Duplicate, await scenario.Program().DisburseAsync(LedgerActors.Agency, command with { Amount = Amounts.Of("31.00") }));
        LedgerAssert.Refused(RejectionCode.Duplicate, await scenario.Program().DisburseAsync(LedgerActors.Agency, command with { Beneficiary = scenario.Beneficiaries[1] }));
        LedgerAssert.Refused(RejectionCode.Duplicate, await scenario.Program().DisburseAsync(LedgerActors.Agency, command with { Modality = "voucher" }));

        // In one payment list, a second row with the id of the first but another amount is not the first's receipt.
        DisburseCommand listed = scenario.Payment(2, "10.00");
        LedgerResult[] rows = await scenario.Program().DisburseManyAsync(LedgerActors.Agency, [listed, listed with { Amount = Amounts.Of("20.00") }]);
        LedgerAssert.Accepted(rows[0]);
        LedgerAssert.Refused(RejectionCode.Duplicate, rows[1]);

        Assert.Equal(size + 1, await fixture.TreeSizeAsync());
        BudgetView budget = (await scenario.Budget.GetAsync())!;
        Assert.Equal("40.00", budget.Disbursed);
        Assert.Equal("0.00", budget.Reserved);
        ProgramView program = (await scenario.Program().GetAsync())!;
        Assert.Equal(2, program.Disbursements);
        Assert.Equal("40.00", program.Disbursed);
    }

    [Fact]
    public async Task An_id_another_program_already_used_is_a_disbursement_of_its_own_in_each_program()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        LedgerScenario owner = await new LedgerScenarioBuilder(fixture.Client, "taken-a").BuildAsync();
        LedgerScenario other = await new LedgerScenarioBuilder(fixture.Client, "taken-b").BuildAsync();
        DisburseCommand original = owner.Payment(0, "10.00");
        ulong leaf = LedgerAssert.Accepted(await owner.Program().DisburseAsync(LedgerActors.Agency, original));
        ulong size = await fixture.TreeSizeAsync();

        LedgerResult reused = await other.Program().DisburseAsync(LedgerActors.Agency, other.Payment(0, "12.00", id: original.DisbursementId));

        // The ids are scoped to their programs: a second entry, at its own leaf, holding the other program's payment.
        ulong otherLeaf = LedgerAssert.Accepted(reused);
        Assert.Equal((size, other.EntryIdOf(original)), (otherLeaf, reused.EntryId));
        Assert.Equal(reused.Entry, (await fixture.LogFiles.ReadAsync([otherLeaf], size + 1, cancellationToken))[0]);
        Assert.Equal(leaf, await fixture.AuditLog.FindAsync(owner.EntryIdOf(original)));
        Assert.Equal(otherLeaf, await fixture.AuditLog.FindAsync(other.EntryIdOf(original)));
        Assert.Equal(["10.00", "12.00"], [(await owner.Budget.GetAsync())!.Disbursed, (await other.Budget.GetAsync())!.Disbursed]);
    }

    [Fact]
    public async Task A_payment_list_with_one_id_whose_entry_id_holds_another_entry_refuses_that_row_only()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "taken-row").WithBeneficiaries(3).BuildAsync();
        DisburseCommand[] rows = [scenario.Payment(0, "11.00"), scenario.Payment(1, "12.00"), scenario.Payment(2, "13.00")];

        // No act of the ledger can take a program's disbursement id; a raw append to the sequencer can, so plant one.
        await fixture.AuditLog.AppendAsync(System.Text.Encoding.UTF8.GetBytes($$"""{"id":"{{scenario.EntryIdOf(rows[1])}}","kind":"Planted"}"""));
        ulong size = await fixture.TreeSizeAsync();

        // The sequencer refuses the whole append when one id holds another entry; the grain then settles row by row.
        LedgerResult[] results = await scenario.Program().DisburseManyAsync(LedgerActors.Agency, rows);

        LedgerAssert.Accepted(results[0]);
        LedgerAssert.Refused(RejectionCode.Duplicate, results[1]);
        LedgerAssert.Accepted(results[2]);
        Assert.Equal(size + 2, await fixture.TreeSizeAsync());
        BudgetView budget = (await scenario.Budget.GetAsync())!;
        Assert.Equal("24.00", budget.Disbursed);
        Assert.Equal("0.00", budget.Reserved);
        Assert.Equal(2, (await scenario.Program().GetAsync())!.Disbursements);
    }

    [Fact]
    public async Task Two_programs_using_one_id_at_once_each_log_their_own_entry()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        LedgerScenario[] scenarios = await Task.WhenAll(
            new LedgerScenarioBuilder(fixture.Client, "race-id-a").BuildAsync(),
            new LedgerScenarioBuilder(fixture.Client, "race-id-b").BuildAsync());
        string id = scenarios[0].NewId("contested");
        ulong size = await fixture.TreeSizeAsync();

        LedgerResult[] results = await Task.WhenAll(scenarios.Select((scenario, i) => Task.Run(
            () => fixture.GrainFactories[i].GetGrain<IBeneficiaryProgramGrain>(scenario.ProgramIds[0]).DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "10.00", id: id)),
            cancellationToken)));

        Assert.Equal(size + 2, await fixture.TreeSizeAsync());
        for (int i = 0; i < scenarios.Length; i++)
        {
            ulong leaf = LedgerAssert.Accepted(results[i]);
            Assert.Equal(leaf, await fixture.AuditLog.FindAsync(scenarios[i].EntryIdOf(scenarios[i].Payment(0, "10.00", id: id))));
            Assert.Equal(results[i].Entry, (await fixture.LogFiles.ReadAsync([leaf], size + 2, cancellationToken))[0]);
        }

        BudgetView[] budgets = [.. (await Task.WhenAll(scenarios.Select(s => s.Budget.GetAsync()))).Select(b => b!)];
        Assert.Equal(["0.00", "0.00"], budgets.Select(b => b.Reserved));
        Assert.Equal(["10.00", "10.00"], budgets.Select(b => b.Disbursed));
    }

    [Fact]
    public async Task A_payment_list_sent_again_with_overlapping_rows_returns_the_same_receipts_for_the_repeated_rows()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "replay-list").WithBeneficiaries(6).BuildAsync();
        DisburseCommand[] rows = [.. Enumerable.Range(0, 6).Select(i => scenario.Payment(i, "15.00"))];
        ulong size = await fixture.TreeSizeAsync();

        LedgerResult[] first = await scenario.Program().DisburseManyAsync(LedgerActors.Agency, rows[..4]);
        LedgerResult[] second = await fixture.GrainFactories[^1].GetGrain<IBeneficiaryProgramGrain>(scenario.ProgramIds[0])
            .DisburseManyAsync(LedgerActors.Agency, [rows[2], rows[3], rows[4], rows[2], rows[5]]);

        Assert.All(first, result => LedgerAssert.Accepted(result));
        Assert.All(second, result => LedgerAssert.Accepted(result));
        Assert.Equal(first[2].LeafIndex, second[0].LeafIndex);
        Assert.Equal(first[2].Entry, second[0].Entry);
        Assert.Equal(first[3].LeafIndex, second[1].LeafIndex);
        Assert.Equal(first[3].Entry, second[1].Entry);
        Assert.Equal(first[2].LeafIndex, second[3].LeafIndex);
        Assert.Equal(first[2].Entry, second[3].Entry);

        // Six distinct rows, six leaves, each holding its row's entry.
        LedgerResult[] distinct = [.. first, second[2], second[4]];
        Assert.Equal(6, distinct.Select(r => r.LeafIndex).Distinct().Count());
        Assert.Equal(size + 6, await fixture.TreeSizeAsync());
        byte[][] logged = await fixture.LogFiles.ReadAsync([.. distinct.Select(r => r.LeafIndex!.Value)], size + 6, cancellationToken);
        for (int i = 0; i < distinct.Length; i++)
        {
            Assert.Equal(distinct[i].Entry, logged[i]);
        }

        Assert.Equal("90.00", (await scenario.Budget.GetAsync())!.Disbursed);
        Assert.Equal(6, (await scenario.Program().GetAsync())!.Disbursements);
    }
}
