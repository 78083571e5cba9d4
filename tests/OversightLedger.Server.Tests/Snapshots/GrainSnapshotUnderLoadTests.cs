using System.Globalization;
using System.Text.Json;
using OversightLedger.Grains.Snapshots;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Snapshots;

/// <summary>
/// Issue 17, on the real server: a grain snapshotted while the log keeps growing. Its tail read at one log size reaches
/// the log's last, partial tile, whose bundle the log drops once the tile is full — within milliseconds under load. The
/// snapshot must still be written (a failed one left the grain holding every entry since its last snapshot: the server
/// that filled a log grew past 2 GiB), and what it holds must be the log's.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class GrainSnapshotUnderLoadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Snapshots_taken_while_tiles_fill_are_all_written_and_agree_with_the_log()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(
            new ServerProcessOptions { Arguments = ["--Snapshots:EveryEntries", "1", "--RateLimits:PerKeyPerSecond", "0", "--RateLimits:PerAddressPerSecond", "0"] }, Ct);
        (FundedProgram setup, string agencyKey) = await GrainSnapshotRestartTests.SetUpAsync(server);
        using HttpClient agency = server.CreateClient(agencyKey);
        const int Disbursements = 1_200; // past four tiles of 256 entries
        int next = 0;
        ulong highest = 0;
        Task[] clients = [.. Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (int n = Interlocked.Increment(ref next); n <= Disbursements; n = Interlocked.Increment(ref next))
            {
                JsonElement recorded = await GrainSnapshotRestartTests.DisburseAsync(
                    agency, setup, string.Create(CultureInfo.InvariantCulture, $"l-{n:D5}"), setup.Beneficiaries[n % 3], "0.01");
                ulong leaf = recorded.GetProperty("leafIndex").GetUInt64();
                ulong seen;
                while ((seen = Interlocked.Read(ref highest)) < leaf && Interlocked.CompareExchange(ref highest, leaf, seen) != seen)
                {
                }
            }
        }, Ct))];
        await Task.WhenAll(clients);

        // Quiet now: both grains' last snapshots reach the end of their entries.
        ulong size = highest + 1;
        string[] files =
        [
            Path.Combine(server.DataDirectory, "snapshots", "program", Uri.EscapeDataString(setup.Program) + ".snapshot"),
            Path.Combine(server.DataDirectory, "snapshots", "budget", Uri.EscapeDataString(setup.Budget) + ".snapshot"),
        ];
        DateTime until = DateTime.UtcNow.AddSeconds(60);
        while (!files.All(file => File.Exists(file) && GrainSnapshot.Decode(File.ReadAllBytes(file)).TreeSize >= size) && DateTime.UtcNow < until)
        {
            await Task.Delay(100, Ct);
        }

        Assert.False(server.Printed("failed; the next one will be tried later"), $"A snapshot write failed under load.\n{server.RecentOutput()}");
        Assert.All(files, file => Assert.True(GrainSnapshot.Decode(File.ReadAllBytes(file)).TreeSize >= size, $"{file} is behind {size}.\n{server.RecentOutput()}"));

        // A restart restores those snapshots, and the balances still equal the log's.
        server.Kill();
        await server.RestartAsync(Ct);
        using HttpClient restarted = server.CreateClient(agencyKey);
        await GrainSnapshotRestartTests.DisburseAsync(restarted, setup, "after-restart", setup.Beneficiaries[0], "0.01");
        await GrainSnapshotRestartTests.AssertBalancesEqualTheLogAsync(server, setup, expectedDisbursements: Disbursements + 1);
    }
}
