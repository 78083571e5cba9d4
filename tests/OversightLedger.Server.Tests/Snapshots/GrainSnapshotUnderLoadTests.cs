using System.Globalization;
using System.Net;
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
            new ServerProcessOptions { Arguments = ["--Snapshots:EveryEntries", "300", "--RateLimits:PerKeyPerSecond", "0", "--RateLimits:PerAddressPerSecond", "0"] }, Ct);
        (FundedProgram setup, string agencyKey) = await GrainSnapshotRestartTests.SetUpAsync(server);
        using HttpClient agency = server.CreateClient(agencyKey);

        // Payment lists, two at a time: commits of many entries, so tiles fill while snapshots read their tails.
        const int Lists = 6, Rows = 2_000, Disbursements = Lists * Rows;
        ulong highest = 0;
        var gate = new object();
        await Parallel.ForEachAsync(Enumerable.Range(0, Lists), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = Ct }, async (list, token) =>
        {
            object[] rows = [.. Enumerable.Range(0, Rows).Select(i => new
            {
                id = string.Create(CultureInfo.InvariantCulture, $"l-{list}-{i:D5}"), budget = setup.Budget, beneficiary = setup.Beneficiaries[i % 3], amount = "0.01",
            })];
            JsonElement report = await (await agency.PostJsonAsync($"api/programs/{setup.Program}/payment-lists", rows, token)).ExpectJsonAsync(HttpStatusCode.OK, token);
            foreach (JsonElement result in report.GetProperty("results").EnumerateArray())
            {
                Assert.True(result.GetProperty("leafIndex").ValueKind == JsonValueKind.Number, $"A row was not recorded: {result}");
                ulong leaf = result.GetProperty("leafIndex").GetUInt64();
                lock (gate)
                {
                    highest = Math.Max(highest, leaf);
                }
            }
        });

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
