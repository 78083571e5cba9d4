using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OversightLedger.Grains.Snapshots;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Snapshots;

/// <summary>
/// Issue 17, on the real server: a budget or program grain that goes quiet writes a snapshot of everything it applied
/// (<c>Snapshots:IdleAfter</c>), long before its entry count would, so a restart after a kill replays nothing of it; with
/// the idle trigger off, the same few entries leave no snapshot.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class GrainSnapshotIdleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_grain_that_goes_quiet_writes_a_snapshot_and_a_restart_after_a_kill_replays_nothing()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(
            new ServerProcessOptions { Arguments = ["--Snapshots:EveryEntries", "1000000", "--Snapshots:MinEntries", "1000000", "--Snapshots:IdleAfter", "00:00:01"] }, Ct);
        (FundedProgram setup, string agencyKey) = await GrainSnapshotRestartTests.SetUpAsync(server);
        using HttpClient agency = server.CreateClient(agencyKey);
        JsonElement last = default;
        for (int i = 0; i < 5; i++)
        {
            last = await GrainSnapshotRestartTests.DisburseAsync(agency, setup, $"quiet-{i}", setup.Beneficiaries[i % 3], "1.00");
        }

        ulong size = last.GetProperty("leafIndex").GetUInt64() + 1;
        Assert.True(await SnapshotsReachAsync(server, setup, size, TimeSpan.FromSeconds(60)), $"No idle snapshots at size {size}.\n{server.RecentOutput()}");

        server.Kill();
        await server.RestartAsync(Ct);
        using HttpClient restarted = server.CreateClient(agencyKey);
        await GrainSnapshotRestartTests.DisburseAsync(restarted, setup, "after-restart", setup.Beneficiaries[0], "1.00");

        // Both grains restored a snapshot holding every entry they had, and replayed none after it.
        string output = server.RecentOutput();
        foreach ((string kind, string id) in new[] { ("program", setup.Program), ("budget", setup.Budget) })
        {
            Match restored = Regex.Match(output, $@"Restored {kind} {Regex.Escape(id)} from its snapshot at log size (\d+) in \d+ ms; read and parsed its (\d+) entries after it");
            Assert.True(restored.Success, $"No restore of {kind} {id} from a snapshot.\n{output}");
            Assert.True(ulong.Parse(restored.Groups[1].Value, CultureInfo.InvariantCulture) >= size, restored.Value);
            Assert.Equal("0", restored.Groups[2].Value);
        }

        await GrainSnapshotRestartTests.AssertBalancesEqualTheLogAsync(server, setup, expectedDisbursements: 6);
    }

    [Fact]
    public async Task With_the_idle_trigger_off_a_few_entries_leave_no_snapshot()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(
            new ServerProcessOptions { Arguments = ["--Snapshots:EveryEntries", "1000000", "--Snapshots:MinEntries", "1000000", "--Snapshots:IdleAfter", "00:00:00"] }, Ct);
        (FundedProgram setup, string agencyKey) = await GrainSnapshotRestartTests.SetUpAsync(server);
        using HttpClient agency = server.CreateClient(agencyKey);
        JsonElement last = await GrainSnapshotRestartTests.DisburseAsync(agency, setup, "quiet-0", setup.Beneficiaries[0], "1.00");

        ulong size = last.GetProperty("leafIndex").GetUInt64() + 1;
        Assert.False(await SnapshotsReachAsync(server, setup, size, TimeSpan.FromSeconds(5)), "A snapshot was written without the idle trigger.");
    }

    /// <summary>Whether both grains' snapshots reach <paramref name="size"/> within <paramref name="within"/>.</summary>
    private static async Task<bool> SnapshotsReachAsync(ServerProcess server, FundedProgram setup, ulong size, TimeSpan within)
    {
        string[] files =
        [
            Path.Combine(server.DataDirectory, "snapshots", "program", Uri.EscapeDataString(setup.Program) + ".snapshot"),
            Path.Combine(server.DataDirectory, "snapshots", "budget", Uri.EscapeDataString(setup.Budget) + ".snapshot"),
        ];
        DateTime until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            if (files.All(file => File.Exists(file) && GrainSnapshot.Decode(File.ReadAllBytes(file)).TreeSize >= size))
            {
                return true;
            }

            await Task.Delay(100, Ct);
        }

        return false;
    }
}
