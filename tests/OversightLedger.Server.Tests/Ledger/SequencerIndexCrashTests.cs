using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OversightLedger.Server.Persistence;
using OversightLedger.Server.Tests.Snapshots;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>
/// Issue 17, item 2, on the real server killed with SIGKILL while 8 clients disburse: the sequencer writes its index
/// (SQLite under the data directory) after every batch, so the kills land on index writes. After each restart the index
/// is caught up from the position it recorded, not rebuilt; every disbursement acknowledged before a kill, sent again,
/// gets its receipt's leaf and pays nothing twice; the log holds no id twice and the balances are the log's.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class SequencerIndexCrashTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_the_server_under_load_leaves_its_index_correct_and_ids_committed_before_the_kill_idempotent()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(new ServerProcessOptions { Arguments = ["--Log:IndexOnDisk", "true", "--RateLimits:PerKeyPerSecond", "0", "--RateLimits:PerAddressPerSecond", "0"] }, Ct);
        (FundedProgram setup, string agencyKey) = await GrainSnapshotRestartTests.SetUpAsync(server);
        var acknowledged = new ConcurrentDictionary<string, ulong>(StringComparer.Ordinal);
        int next = 0;
        for (int round = 0; round < 2; round++)
        {
            using HttpClient agency = server.CreateClient(agencyKey);
            using var stop = new CancellationTokenSource();
            Task[] clients = [.. Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    int n = Interlocked.Increment(ref next);
                    string id = string.Create(CultureInfo.InvariantCulture, $"x-{n:D6}");
                    try
                    {
                        JsonElement recorded = await GrainSnapshotRestartTests.DisburseAsync(agency, setup, id, setup.Beneficiaries[n % 3], "0.01");
                        acknowledged[id] = recorded.GetProperty("leafIndex").GetUInt64();
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // Cut off by the kill: in doubt, not checked.
                    }
                }
            }, CancellationToken.None))];

            while (acknowledged.Count < 20 * (round + 1))
            {
                await Task.Delay(50, Ct);
            }

            await Task.Delay(500 + (round * 300), Ct);
            server.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(clients);
            await server.RestartAsync(Ct);
        }

        using HttpClient retry = server.CreateClient(agencyKey);
        foreach ((string id, ulong leaf) in acknowledged)
        {
            int n = int.Parse(id[2..], CultureInfo.InvariantCulture);
            Assert.Equal(leaf, (await GrainSnapshotRestartTests.DisburseAsync(retry, setup, id, setup.Beneficiaries[n % 3], "0.01")).GetProperty("leafIndex").GetUInt64());
        }

        // A new one after the retries: the next leaf, so none of the retries appended anything.
        using HttpClient reader = server.CreateClient();
        ulong size = await reader.LogSizeAsync(Ct);
        Assert.Equal(size, (await GrainSnapshotRestartTests.DisburseAsync(retry, setup, "after-the-kills", setup.Beneficiaries[0], "0.01")).GetProperty("leafIndex").GetUInt64());

        string output = server.RecentOutput();
        Assert.DoesNotContain("Discarded the sequencer's index", output, StringComparison.Ordinal);
        Assert.DoesNotContain("The sequencer's index", output, StringComparison.Ordinal);
        Assert.True(acknowledged.Count > 0, "No disbursement was acknowledged before the kills.");
        Assert.Equal(size + 1, IndexedSize(server));
        await GrainSnapshotRestartTests.AssertBalancesEqualTheLogAsync(server, setup, expectedDisbursements: null);
    }

    /// <summary>The tree size the index file records, read beside the running server (WAL: readers do not block it).</summary>
    private static ulong IndexedSize(ServerProcess server)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, SqliteLogEntryIndex.FileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT tree_size FROM index_position;";
        return (ulong)(long)command.ExecuteScalar()!;
    }
}
