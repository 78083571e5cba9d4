using System.Net;
using System.Text.Json;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Replay;
using OversightLedger.Grains.Snapshots;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Snapshots;

/// <summary>
/// Issue 17, item 2, on the real server killed with SIGKILL: the budget grain keeps no disbursement's facts below its
/// snapshot, so a reversal, a delivery and a replayed id of a disbursement committed before the snapshot read it back from
/// the log after the restart — the budget's sums stay what the log adds up to, and nothing is paid twice; a snapshot of the
/// budget in the earlier form (every disbursement's facts) is discarded once with a warning and the log replayed.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class LogBackedBudgetRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reversal_a_delivery_and_a_replayed_id_of_disbursements_before_the_budgets_snapshot_are_right_after_a_restart()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(new ServerProcessOptions { Arguments = ["--Snapshots:EveryEntries", "5"] }, Ct);
        (FundedProgram setup, string agencyKey) = await GrainSnapshotRestartTests.SetUpAsync(server);
        string capped = setup.Beneficiaries[0];
        JsonElement reversedLater, deliveredLater;
        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            reversedLater = await GrainSnapshotRestartTests.DisburseAsync(agency, setup, "old-rev", capped, "100.00");
            deliveredLater = await GrainSnapshotRestartTests.DisburseAsync(agency, setup, "old-del", setup.Beneficiaries[1], "20.00");
            for (int i = 0; i < 12; i++)
            {
                await GrainSnapshotRestartTests.DisburseAsync(agency, setup, $"fill-{i}", setup.Beneficiaries[1 + (i % 2)], "1.00");
            }
        }

        await WaitForBudgetSnapshotAsync(server, setup, minimumSize: deliveredLater.GetProperty("leafIndex").GetUInt64() + 1);
        decimal disbursedBefore = await BudgetAmountAsync(server, setup, "disbursed");
        Assert.Equal(132.00m, disbursedBefore);
        server.Kill();
        await server.RestartAsync(Ct);

        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            // The replayed id: the same receipt, no second payment; the same id with another amount is a conflict.
            Assert.Equal(
                reversedLater.GetProperty("leafIndex").GetUInt64(),
                (await GrainSnapshotRestartTests.DisburseAsync(agency, setup, "old-rev", capped, "100.00")).GetProperty("leafIndex").GetUInt64());
            HttpResponseMessage otherContent = await agency.PostJsonAsync(
                $"api/programs/{setup.Program}/disbursements", new { id = "old-rev", budget = setup.Budget, beneficiary = capped, amount = "99.00" }, Ct);
            Assert.Equal(HttpStatusCode.Conflict, otherContent.StatusCode);
            await GrainSnapshotRestartTests.AssertBalancesEqualTheLogAsync(server, setup, expectedDisbursements: 14);

            // The reversal gives 40 back to the budget's tranche; the delivery is recorded; neither fails on the budget.
            await agency.PostJsonAsync($"api/programs/{setup.Program}/disbursements/old-rev/reversal", new { amount = "40.00", reason = "returned", requestId = "rev-1" }, Ct)
                .ExpectCreatedAsync(Ct);
            await agency.PostJsonAsync($"api/programs/{setup.Program}/disbursements/old-del/delivery", new { requestId = "del-1" }, Ct).ExpectCreatedAsync(Ct);
            Assert.Equal(92.00m, await BudgetAmountAsync(server, setup, "disbursed"));
        }

        Assert.Contains($"Restored budget {setup.Budget} from its snapshot", server.RecentOutput(), StringComparison.Ordinal);

        // Once more: killed, restarted, the reversal counted once (its disbursement recalled again while replaying).
        server.Kill();
        await server.RestartAsync(Ct);
        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            await agency.PostJsonAsync($"api/programs/{setup.Program}/disbursements/old-rev/reversal", new { amount = "40.00", reason = "returned", requestId = "rev-1" }, Ct)
                .ExpectCreatedAsync(Ct);
            HttpResponseMessage tooMuch = await agency.PostJsonAsync(
                $"api/programs/{setup.Program}/disbursements/old-rev/reversal", new { amount = "60.01", reason = "recovered", requestId = "rev-2" }, Ct);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        }

        Assert.Equal(92.00m, await BudgetAmountAsync(server, setup, "disbursed"));
        Assert.DoesNotContain("Discarded the snapshot", server.RecentOutput(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_budget_snapshot_of_the_earlier_form_is_discarded_with_a_warning_and_the_log_replayed()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(new ServerProcessOptions { Arguments = ["--Snapshots:EveryEntries", "5"] }, Ct);
        (FundedProgram setup, string agencyKey) = await GrainSnapshotRestartTests.SetUpAsync(server);
        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            for (int i = 0; i < 12; i++)
            {
                await GrainSnapshotRestartTests.DisburseAsync(agency, setup, $"d-{i}", setup.Beneficiaries[i % 3], "2.50");
            }
        }

        await WaitForBudgetSnapshotAsync(server, setup, minimumSize: 1);
        server.Kill();

        // The snapshot as the previous version wrote it: same position and root, its body every disbursement's facts.
        string file = SnapshotFile(server, setup.Budget);
        GrainSnapshot current = GrainSnapshot.Decode(await File.ReadAllBytesAsync(file, Ct));
        await server.RestartAsync(Ct);
        using HttpClient reader = server.CreateClient();
        var log = new List<(ulong, byte[])>();
        for (ulong leaf = 0; leaf < current.TreeSize; leaf++)
        {
            log.Add((leaf, await reader.ReadLogEntryAsync(leaf, current.TreeSize, Ct)));
        }

        ReliefBudget earlier = LedgerReplay.ForBudget(setup.Budget).ApplyAll(log).Budgets[setup.Budget];
        server.Kill();
        await File.WriteAllBytesAsync(file, (current with { Body = earlier.ToSnapshot() }).Encode(), Ct);

        await server.RestartAsync(Ct);
        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            Assert.Equal(HttpStatusCode.Created, (await agency.PostJsonAsync(
                $"api/programs/{setup.Program}/disbursements", new { id = "d-0", budget = setup.Budget, beneficiary = setup.Beneficiaries[0], amount = "2.50" }, Ct)).StatusCode);
            await GrainSnapshotRestartTests.DisburseAsync(agency, setup, "d-new", setup.Beneficiaries[0], "2.50");
        }

        Assert.Contains($"Discarded the snapshot of budget {setup.Budget}", server.RecentOutput(), StringComparison.Ordinal);
        Assert.Contains(ReliefBudget.LogBackedSnapshotKind, server.RecentOutput(), StringComparison.Ordinal);
        await GrainSnapshotRestartTests.AssertBalancesEqualTheLogAsync(server, setup, expectedDisbursements: 13);
    }

    private static async Task<decimal> BudgetAmountAsync(ServerProcess server, FundedProgram setup, string field)
    {
        using HttpClient reader = server.CreateClient();
        return (await reader.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).Amount(field);
    }

    private static string SnapshotFile(ServerProcess server, string budget) =>
        Path.Combine(server.DataDirectory, "snapshots", ReliefBudget.SnapshotKind, Uri.EscapeDataString(budget) + ".snapshot");

    /// <summary>Waits until the budget has a snapshot at or beyond <paramref name="minimumSize"/>.</summary>
    private static async Task WaitForBudgetSnapshotAsync(ServerProcess server, FundedProgram setup, ulong minimumSize)
    {
        string file = SnapshotFile(server, setup.Budget);
        for (int attempt = 0; attempt < 300; attempt++)
        {
            if (File.Exists(file) && GrainSnapshot.Decode(File.ReadAllBytes(file)).TreeSize >= minimumSize)
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail($"No snapshot of the budget at size {minimumSize} or beyond: {file}\n{server.RecentOutput()}");
    }
}
