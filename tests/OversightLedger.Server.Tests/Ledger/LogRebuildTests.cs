using System.Text.Json;
using Orleans.TestingHost;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Grains.Access;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>
/// DESIGN §2.1: grain state is a cache of the log. Budgets, programs and the sequencer's index come back from the log
/// alone, after their grains are deactivated and after the whole cluster is restarted on the same files.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class LogRebuildTests : IDisposable
{
    private readonly LedgerClusterDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Budget_and_program_views_and_receipts_are_rebuilt_from_the_log_after_deactivation_and_after_a_restart()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        string registryKey = $"keys-{Guid.NewGuid():N}";
        string agencyKeyHash = new('a', 64);
        LedgerScenario scenario;
        DisburseCommand single;
        DisburseCommand[] list;
        LedgerResult singleResult;
        LedgerResult[] listResults;
        string budgetBefore;
        string[] programsBefore;
        ulong size;

        await using (TestCluster first = await _directory.StartClusterAsync(2, cancellationToken))
        {
            scenario = await new LedgerScenarioBuilder(first.Client, "rebuild")
                .WithTranche("t1", "1000.00")
                .WithTranche("t-humanitarian", "500.00", humanitarian: true)
                .WithPrograms(2)
                .WithBeneficiaries(4)
                .BuildAsync();
            IReliefBudgetGrain budget = scenario.Budget;
            single = scenario.Payment(0, "25.00");
            list = [scenario.Payment(1, "10.00"), scenario.Payment(2, "20.00", tranche: "t-humanitarian"), scenario.Payment(3, "35.00")];
            singleResult = await scenario.Program(0).DisburseAsync(LedgerActors.Agency, single);
            listResults = await scenario.Program(1).DisburseManyAsync(LedgerActors.Agency, list);
            LedgerAssert.Accepted(singleResult);
            Assert.All(listResults, result => LedgerAssert.Accepted(result));
            LedgerAssert.Accepted(await budget.GrantExemptionAsync(LedgerActors.Donor, new GrantExemptionCommand(
                scenario.NewId("exemption"), "x-cash", [LedgerScenario.Purpose], ["cash"], Amounts.Of("50.00"), DateTimeOffset.UtcNow.AddDays(30))));
            LedgerAssert.Accepted(await budget.FreezeAsync(LedgerActors.Admin, new FreezeCommand(scenario.NewId("freeze"), "snap-back", "finding-7")));
            await first.Client.GetGrain<IAccessKeyRegistryGrain>(registryKey).RegisterAsync("k-agency", agencyKeyHash, AccessRole.Agency, "agency:a1");

            budgetBefore = JsonSerializer.Serialize(await budget.GetAsync());
            programsBefore = await ProgramViewsAsync(scenario);
            size = (await first.Client.GetGrain<IAuditLogGrain>(LedgerClusterDirectory.Origin).GetTreeHeadAsync()).TreeSize;
            Assert.Contains("\"Frozen\":true", budgetBefore, StringComparison.Ordinal);
            Assert.Contains("\"Disbursed\":\"90.00\"", budgetBefore, StringComparison.Ordinal);

            // A reservation is not in the log: the rebuilt budget must not have it, which shows it was rebuilt.
            Assert.True((await budget.ReserveAsync(
                new DisbursementDraft(scenario.NewId("held"), scenario.ProgramIds[0], LedgerActors.Agency.Principal, scenario.BudgetId, "t-humanitarian", scenario.Beneficiaries[0], Amounts.Of("5.00"), "EUR", LedgerScenario.Purpose, "cash", LedgerScenario.CurrentPeriod),
                DateTimeOffset.UtcNow)).IsReserved);
            Assert.Equal("5.00", (await budget.GetAsync())!.Reserved);

            await first.DeactivateAsync(budget);
            await Task.WhenAll(scenario.ProgramIds.Select(id => first.DeactivateAsync(first.Client.GetGrain<IBeneficiaryProgramGrain>(id))));
            await first.DeactivateAsync(first.Client.GetGrain<IAuditLogGrain>(LedgerClusterDirectory.Origin));

            Assert.Equal(budgetBefore, JsonSerializer.Serialize(await budget.GetAsync()));
            Assert.Equal(programsBefore, await ProgramViewsAsync(scenario));
            await AssertReplaysAsync(first.Client, scenario, single, singleResult, list, listResults, size);

            await first.StopAllSilosAsync(cancellationToken);
        }

        await using (TestCluster second = await _directory.StartClusterAsync(2, cancellationToken))
        {
            LedgerScenario restarted = scenario.On(second.Client);
            Assert.Equal(budgetBefore, JsonSerializer.Serialize(await restarted.Budget.GetAsync()));
            Assert.Equal(programsBefore, await ProgramViewsAsync(restarted));
            await AssertReplaysAsync(second.Client, restarted, single, singleResult, list, listResults, size);

            // The rebuilt budget still enforces its rules: frozen, the political tranche refuses; unfrozen, it pays what is left and no more.
            IBeneficiaryProgramGrain program = restarted.Program(0);
            LedgerAssert.Refused(RejectionCode.Frozen, await program.DisburseAsync(LedgerActors.Agency, restarted.Payment(3, "10.00", tranche: "t1")));
            LedgerAssert.Accepted(await restarted.Budget.UnfreezeAsync(LedgerActors.Donor, new FreezeCommand(restarted.NewId("unfreeze"), "resolved", "finding-7")));
            LedgerAssert.Refused(RejectionCode.CapExceeded, await program.DisburseAsync(LedgerActors.Agency, restarted.Payment(0, "75.01", tranche: "t1")));
            LedgerAssert.Accepted(await program.DisburseAsync(LedgerActors.Agency, restarted.Payment(0, "75.00", tranche: "t1")));

            AccessKeyRecord? key = await second.Client.GetGrain<IAccessKeyRegistryGrain>(registryKey).FindAsync(agencyKeyHash);
            Assert.Equal(("k-agency", AccessRole.Agency, "agency:a1"), (key?.KeyId, key?.Role, key?.Principal));

            // The auditor's replay of the files agrees with the grains, with no rule broken.
            SignedCheckpoint checkpoint = await _directory.OpenLogFiles().VerifyAsync(cancellationToken);
            byte[][] entries = await _directory.OpenLogFiles().ReadAllAsync(checkpoint.Checkpoint.Size, cancellationToken);
            LedgerReplay replay = new LedgerReplay().ApplyAll(entries.Select((entry, i) => ((ulong)i, entry)));
            Assert.Empty(replay.Violations);
            ReliefBudget replayed = replay.Budgets[scenario.BudgetId];
            BudgetView view = (await restarted.Budget.GetAsync())!;
            Assert.Equal((view.Released, view.Disbursed, view.Available), (replayed.Released.ToDecimalString(), replayed.Disbursed.ToDecimalString(), replayed.Available.ToDecimalString()));
            Assert.Equal("165.00", view.Disbursed);
            BeneficiaryProgram replayedProgram = replay.Programs[scenario.ProgramIds[0]];
            Assert.Equal("100.00", replayedProgram.Disbursed.ToDecimalString());
            Assert.Equal((await program.GetAsync())!.Disbursed, replayedProgram.Disbursed.ToDecimalString());

            await second.StopAllSilosAsync(cancellationToken);
        }
    }

    private static async Task AssertReplaysAsync(
        IGrainFactory grains, LedgerScenario scenario, DisburseCommand single, LedgerResult singleResult, DisburseCommand[] list, LedgerResult[] listResults, ulong size)
    {
        IAuditLogGrain log = grains.GetGrain<IAuditLogGrain>(LedgerClusterDirectory.Origin);
        LedgerResult replayed = await grains.GetGrain<IBeneficiaryProgramGrain>(scenario.ProgramIds[0]).DisburseAsync(LedgerActors.Agency, single);
        Assert.Equal(singleResult.LeafIndex, replayed.LeafIndex);
        Assert.Equal(singleResult.Entry, replayed.Entry);
        LedgerResult[] replayedList = await grains.GetGrain<IBeneficiaryProgramGrain>(scenario.ProgramIds[1]).DisburseManyAsync(LedgerActors.Agency, list);
        Assert.Equal(listResults.Select(r => r.LeafIndex), replayedList.Select(r => r.LeafIndex));
        Assert.Equal(listResults.Select(r => r.Entry), replayedList.Select(r => r.Entry));
        LedgerAssert.Refused(RejectionCode.Duplicate, await grains.GetGrain<IBeneficiaryProgramGrain>(scenario.ProgramIds[0]).DisburseAsync(LedgerActors.Agency, single with { Amount = Amounts.Of("26.00") }));
        Assert.Equal(singleResult.LeafIndex, await log.FindAsync(scenario.EntryIdOf(single)));
        Assert.Equal(size, (await log.GetTreeHeadAsync()).TreeSize);
    }

    private static async Task<string[]> ProgramViewsAsync(LedgerScenario scenario) =>
        [.. await Task.WhenAll(scenario.ProgramIds.Select(async id => JsonSerializer.Serialize(await scenario.Grains.GetGrain<IBeneficiaryProgramGrain>(id).GetAsync())))];
}
