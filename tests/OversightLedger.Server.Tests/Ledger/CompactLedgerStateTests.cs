using System.Text;
using System.Text.Json;
using OversightLedger.Domain.Decisions;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>
/// The grains keep only compact facts of each committed disbursement and the sequencer only packed ids and leaf runs;
/// an entry is rebuilt, or read back from the log, when one is needed. After the program, the budget and the sequencer
/// are deactivated and rebuilt from the log, R7 still holds: a replay gets its receipt, other content under the id is
/// refused, and no money moves twice.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class CompactLedgerStateTests(LedgerClusterFixture fixture)
{
    [Fact]
    public async Task A_disbursement_replayed_after_the_grains_were_rebuilt_from_the_log_gets_its_receipt_and_other_content_is_refused()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "compact")
            .WithTranche("t1", "500.00")
            .WithTranche("t2", "500.00")
            .BuildAsync();
        DisburseCommand single = scenario.Payment(0, "25.00");
        DisburseCommand[] list = [scenario.Payment(1, "10.00", tranche: "t2"), scenario.Payment(2, "20.00", modality: "voucher")];
        LedgerResult singleResult = await scenario.Program().DisburseAsync(LedgerActors.Agency, single);
        LedgerResult[] listResults = await scenario.Program().DisburseManyAsync(LedgerActors.Agency, list);
        LedgerAssert.Accepted(singleResult);
        Assert.All(listResults, result => LedgerAssert.Accepted(result));
        string budgetBefore = JsonSerializer.Serialize(await scenario.Budget.GetAsync());
        string programBefore = JsonSerializer.Serialize(await scenario.Program().GetAsync());
        ulong size = await fixture.TreeSizeAsync();

        await fixture.Cluster.DeactivateAsync(scenario.Program());
        await fixture.Cluster.DeactivateAsync(scenario.Budget);
        await fixture.Cluster.DeactivateAsync(fixture.AuditLog);

        // The same requests: the same leaves, and entries byte for byte as in the log.
        LedgerResult replayed = await scenario.Program().DisburseAsync(LedgerActors.Agency, single);
        LedgerResult[] replayedList = await scenario.Program().DisburseManyAsync(LedgerActors.Agency, [list[1], single, list[0]]);
        Assert.Equal(singleResult.LeafIndex, replayed.LeafIndex);
        Assert.Equal(singleResult.Entry, replayed.Entry);
        LedgerResult[] expected = [listResults[1], singleResult, listResults[0]];
        Assert.Equal(expected.Select(r => r.LeafIndex), replayedList.Select(r => r.LeafIndex));
        Assert.Equal(expected.Select(r => r.Entry), replayedList.Select(r => r.Entry));
        byte[][] logged = await fixture.LogFiles.ReadAsync([singleResult.LeafIndex!.Value, listResults[0].LeafIndex!.Value], size, cancellationToken);
        Assert.Equal([singleResult.Entry!, listResults[0].Entry!], logged);

        // Other content under a committed id is refused, on the program and on the budget.
        LedgerAssert.Refused(RejectionCode.Duplicate, await scenario.Program().DisburseAsync(LedgerActors.Agency, single with { Amount = Amounts.Of("26.00") }));
        LedgerAssert.Refused(RejectionCode.Duplicate, await scenario.Program().DisburseAsync(LedgerActors.Agency, single with { Beneficiary = scenario.Beneficiaries[1] }));
        LedgerAssert.Refused(RejectionCode.Duplicate, await scenario.Program().DisburseAsync(LedgerActors.Agency, list[0] with { Tranche = "t1" }));
        LedgerAssert.Refused(RejectionCode.Duplicate, await scenario.Program().DisburseAsync(LedgerActors.Agency, list[1] with { Modality = "cash" }));
        DisbursementDraft draft = new(
            scenario.EntryIdOf(single), scenario.ProgramIds[0], LedgerActors.Agency.Principal, scenario.BudgetId, null, single.Beneficiary, single.Amount, scenario.Currency,
            LedgerScenario.Purpose, "cash", LedgerScenario.CurrentPeriod);
        Assert.Equal(new ReservationOutcome("t1", true, null, null), await scenario.Budget.ReserveAsync(draft, DateTimeOffset.UtcNow));
        Assert.Equal(RejectionCode.Duplicate, (await scenario.Budget.ReserveAsync(draft with { Amount = Amounts.Of("26.00") }, DateTimeOffset.UtcNow)).RejectionCode);

        // Nothing was appended and no money moved.
        Assert.Equal(size, await fixture.TreeSizeAsync());
        Assert.Equal(budgetBefore, JsonSerializer.Serialize(await scenario.Budget.GetAsync()));
        Assert.Equal(programBefore, JsonSerializer.Serialize(await scenario.Program().GetAsync()));
        Assert.Equal("55.00", (await scenario.Budget.GetAsync())!.Disbursed);
        Assert.Equal(singleResult.LeafIndex, await fixture.AuditLog.FindAsync(scenario.EntryIdOf(single)));

        // The rebuilt grains go on paying, within the cap they rebuilt.
        LedgerAssert.Refused(RejectionCode.CapExceeded, await scenario.Program().DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "75.01")));
        LedgerAssert.Accepted(await scenario.Program().DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "75.00")));
        Assert.Equal("130.00", (await scenario.Budget.GetAsync())!.Disbursed);
    }

    [Fact]
    public async Task The_sequencer_rebuilt_from_the_log_compares_a_reused_id_with_the_entry_in_the_log()
    {
        IAuditLogGrain log = fixture.AuditLog;
        string key = Guid.NewGuid().ToString("N");
        byte[] first = Encoding.UTF8.GetBytes($$"""{"id":"packed-{{key}}-1","budget":"packed-b-{{key}}"}""");
        byte[] second = Encoding.UTF8.GetBytes($$"""{"id":"packed-{{key}}-2","budget":"packed-b-{{key}}","program":"packed-p-{{key}}"}""");
        byte[] third = Encoding.UTF8.GetBytes($$"""{"id":"packed-{{key}}-3","budget":"packed-b-{{key}}"}""");
        byte[] impostor = Encoding.UTF8.GetBytes($$"""{"id":"packed-{{key}}-1","budget":"packed-b-{{key}}","program":"packed-p-{{key}}"}""");
        LogAppendReceipt[] appended = await log.AppendManyAsync([first, second]);
        LogAppendReceipt later = await log.AppendAsync(third);

        await fixture.Cluster.DeactivateAsync(log);
        ulong size = await fixture.TreeSizeAsync();

        Assert.Equal(appended[0].LeafIndex, (await log.AppendAsync(first)).LeafIndex);
        await Assert.ThrowsAsync<EntryIdTakenException>(() => log.AppendAsync(impostor));
        await Assert.ThrowsAsync<EntryIdTakenException>(() => log.AppendManyAsync([Encoding.UTF8.GetBytes($$"""{"id":"packed-{{key}}-4"}"""), impostor]));
        Assert.Equal(size, await fixture.TreeSizeAsync());
        Assert.Null(await log.FindAsync($"packed-{key}-4"));

        // A batch that repeats logged entries gets their leaves, and appends only the new one.
        byte[] fourth = Encoding.UTF8.GetBytes($$"""{"id":"packed-{{key}}-4","budget":"packed-b-{{key}}"}""");
        LogAppendReceipt[] again = await log.AppendManyAsync([second, fourth, third]);
        Assert.Equal([appended[1].LeafIndex, size, later.LeafIndex], again.Select(r => r.LeafIndex));
        Assert.Equal(size + 1, await fixture.TreeSizeAsync());

        Assert.Equal(
            [appended[0].LeafIndex, appended[1].LeafIndex, later.LeafIndex, size],
            await log.GetSubjectEntriesAsync(LogSubjects.Budget($"packed-b-{key}"), 0));
        Assert.Equal([later.LeafIndex, size], await log.GetSubjectEntriesAsync(LogSubjects.Budget($"packed-b-{key}"), appended[1].LeafIndex + 1));
        Assert.Equal([appended[1].LeafIndex], await log.GetSubjectEntriesAsync(LogSubjects.Program($"packed-p-{key}"), 0));
    }
}
