using System.Net;
using System.Text.Json;
using OversightLedger.Domain.Decisions;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Snapshots;

/// <summary>
/// Issue 17, on the real server killed with SIGKILL: the program grain's snapshots hold only what changed since its
/// stored base (<c>program-base/&lt;id&gt;/&lt;sha256&gt;</c>), and it writes bases in the background (here after every
/// snapshot: <c>Snapshots:ProgramBaseBytes</c> 1). Killed with no pause after a burst of payments (bases on their way),
/// restarted: ids before and after replay with the same receipt, the cap holds, the balances equal the log. A damaged base
/// and then a missing one are found out: the snapshot is discarded, the log replayed, and the program is still right.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class ProgramBaseRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_program_restores_on_its_base_and_a_damaged_or_missing_base_falls_back_to_the_log()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(
            new ServerProcessOptions { Arguments = ["--Snapshots:EveryEntries", "4", "--Snapshots:MinEntries", "4", "--Snapshots:ProgramBaseBytes", "1"] }, Ct);
        (FundedProgram setup, string agencyKey) = await GrainSnapshotRestartTests.SetUpAsync(server);
        string capped = setup.Beneficiaries[0];
        JsonElement early;
        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            early = await GrainSnapshotRestartTests.DisburseAsync(agency, setup, "early", capped, "60.00");
            for (int i = 0; i < 30; i++)
            {
                await GrainSnapshotRestartTests.DisburseAsync(agency, setup, $"fill-{i}", setup.Beneficiaries[1 + (i % 2)], "1.00");
            }

            await WaitForAsync(server, () => Bases(server, setup).Length > 0, "a stored base");
            Assert.Contains("Wrote the base", server.RecentOutput(), StringComparison.Ordinal);
            for (int i = 30; i < 40; i++)
            {
                await GrainSnapshotRestartTests.DisburseAsync(agency, setup, $"fill-{i}", setup.Beneficiaries[1 + (i % 2)], "1.00");
            }
        }

        server.Kill(); // no pause: snapshots and bases may be on their way
        await server.RestartAsync(Ct);
        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            Assert.Equal(
                early.GetProperty("leafIndex").GetUInt64(),
                (await GrainSnapshotRestartTests.DisburseAsync(agency, setup, "early", capped, "60.00")).GetProperty("leafIndex").GetUInt64());
            Assert.Contains(RejectionCode.CapExceeded, await RefusedAsync(agency, setup, "over-1", capped, "40.01"), StringComparison.Ordinal);
            await GrainSnapshotRestartTests.DisburseAsync(agency, setup, "mid", capped, "20.00"); // 80 of 100 paid
            for (int i = 40; i < 50; i++)
            {
                await GrainSnapshotRestartTests.DisburseAsync(agency, setup, $"fill-{i}", setup.Beneficiaries[1 + (i % 2)], "1.00");
            }

            await WaitForAsync(server, () => server.RecentOutput().Contains($"Restored program {setup.Program} from its snapshot", StringComparison.Ordinal), "a restore from the snapshot");
            await Task.Delay(3000, Ct); // quiet: the program writes a snapshot (and a base)
        }

        Assert.DoesNotContain("Discarded the snapshot of program", server.RecentOutput(), StringComparison.Ordinal);
        await GrainSnapshotRestartTests.AssertBalancesEqualTheLogAsync(server, setup, expectedDisbursements: 52);

        // Every stored base damaged: the snapshot that names one is discarded and the log replayed.
        server.Kill();
        Assert.NotEmpty(Bases(server, setup));
        foreach (string stored in Bases(server, setup).Where(b => new FileInfo(b).Length > 64))
        {
            byte[] bytes = await File.ReadAllBytesAsync(stored, Ct);
            bytes[bytes.Length / 2] ^= 0x01;
            await File.WriteAllBytesAsync(stored, bytes, Ct);
        }

        await server.RestartAsync(Ct);
        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            Assert.Contains(RejectionCode.CapExceeded, await RefusedAsync(agency, setup, "over-2", capped, "20.01"), StringComparison.Ordinal);
            await GrainSnapshotRestartTests.DisburseAsync(agency, setup, "late", capped, "10.00"); // 90 of 100
        }

        Assert.Contains($"Discarded the snapshot of program {setup.Program}", server.RecentOutput(), StringComparison.Ordinal);
        await GrainSnapshotRestartTests.AssertBalancesEqualTheLogAsync(server, setup, expectedDisbursements: 53);

        // Then every base removed: found missing, the log replayed again.
        await Task.Delay(3000, Ct); // quiet: a new snapshot and base after the replay
        server.Kill();
        foreach (string stored in Bases(server, setup))
        {
            File.Delete(stored);
        }

        await server.RestartAsync(Ct);
        using (HttpClient agency = server.CreateClient(agencyKey))
        {
            Assert.Contains(RejectionCode.CapExceeded, await RefusedAsync(agency, setup, "over-3", capped, "10.01"), StringComparison.Ordinal);
        }

        await GrainSnapshotRestartTests.AssertBalancesEqualTheLogAsync(server, setup, expectedDisbursements: 53);
    }

    private static string[] Bases(ServerProcess server, FundedProgram setup)
    {
        string folder = Path.Combine(server.DataDirectory, "snapshots", "program-base", Uri.EscapeDataString(setup.Program));
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.snapshot") : [];
    }

    private static async Task WaitForAsync(ServerProcess server, Func<bool> done, string what)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            if (done())
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail($"Waited in vain for {what}.\n{server.RecentOutput()}");
    }

    private static async Task<string> RefusedAsync(HttpClient agency, FundedProgram setup, string id, string beneficiary, string amount)
    {
        HttpResponseMessage response = await agency.PostJsonAsync(
            $"api/programs/{setup.Program}/disbursements", new { id, budget = setup.Budget, beneficiary, amount }, Ct);
        Assert.NotEqual(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }
}
