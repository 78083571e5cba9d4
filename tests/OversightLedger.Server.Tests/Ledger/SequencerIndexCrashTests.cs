using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using OversightLedger.Server.Persistence;
using OversightLedger.Server.Tests.Snapshots;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>
/// Issue 17, item 2, on the real server killed with SIGKILL while 8 clients disburse: the sequencer's index (SQLite under
/// the data directory) is written behind the log by a thread of its own. Before each kill the test holds the file's write
/// lock for a while, so the kill finds acknowledged batches that only the index's memory held. After each restart the
/// index is caught up from the position it recorded (the entries after it are indexed again), not rebuilt; every
/// disbursement acknowledged before a kill, sent again, gets its receipt's leaf and pays nothing twice — those written
/// only in memory at the kill too; the log holds no id twice and the balances are the log's.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed partial class SequencerIndexCrashTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_the_server_under_load_leaves_its_index_correct_and_ids_committed_before_the_kill_idempotent()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(new ServerProcessOptions { Arguments = ["--Log:IndexOnDisk", "true", "--RateLimits:PerKeyPerSecond", "0", "--RateLimits:PerAddressPerSecond", "0"] }, Ct);
        (FundedProgram setup, string agencyKey) = await GrainSnapshotRestartTests.SetUpAsync(server);
        var acknowledged = new ConcurrentDictionary<string, ulong>(StringComparer.Ordinal);
        var unwrittenAtKill = new List<ulong>();
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

            await Task.Delay(300 + (round * 200), Ct);

            // Hold the index file's write lock (WAL: the server still reads it): its writer waits, the log goes on.
            ulong heldAt;
            using (SqliteConnection blocker = OpenIndex(server, SqliteOpenMode.ReadWrite))
            {
                using SqliteTransaction held = blocker.BeginTransaction(deferred: false);
                heldAt = IndexedSize(blocker, held);
                int before = acknowledged.Count;
                for (int wait = 0; wait < 60 && acknowledged.Count < before + 20; wait++)
                {
                    await Task.Delay(50, Ct);
                }

                server.Kill();
                held.Rollback();
            }

            await stop.CancelAsync();
            await Task.WhenAll(clients);
            ulong acknowledgedSize = acknowledged.Values.Max() + 1;
            unwrittenAtKill.Add(acknowledgedSize > heldAt ? acknowledgedSize - heldAt : 0);
            Assert.True(unwrittenAtKill[^1] > 0, $"Round {round}: no acknowledged disbursement was past the index file's position {heldAt} at the kill.");
            await server.RestartAsync(Ct);

            // The restarted sequencer catches up from the file's position: at least what was acknowledged after it.
            MatchCollection opens = LogOpened().Matches(server.RecentOutput());
            for (int wait = 0; wait < 600 && opens.Count < round + 1; wait++)
            {
                await Task.Delay(100, Ct);
                opens = LogOpened().Matches(server.RecentOutput());
            }

            Assert.Equal(round + 1, opens.Count);
            Match opened = opens[^1];
            Assert.True(ulong.Parse(opened.Groups["indexed"].Value, CultureInfo.InvariantCulture) >= unwrittenAtKill[^1], opened.Value);
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
        Assert.DoesNotContain("to the sequencer's index", output, StringComparison.Ordinal);
        Assert.True(acknowledged.Count > 0, "No disbursement was acknowledged before the kills.");
        Assert.Equal(size + 1, IndexedSize(server, size + 1));
        await GrainSnapshotRestartTests.AssertBalancesEqualTheLogAsync(server, setup, expectedDisbursements: null);
    }

    /// <summary>
    /// The tree size the index file records, read beside the running server (WAL: readers do not block it): once it is
    /// <paramref name="expected"/> (written behind, it may lag the last answer by a moment), or after 10 s.
    /// </summary>
    private static ulong IndexedSize(ServerProcess server, ulong expected)
    {
        ulong size = 0;
        for (int wait = 0; wait < 100 && size != expected; wait++)
        {
            Thread.Sleep(wait == 0 ? 0 : 100);
            using SqliteConnection connection = OpenIndex(server, SqliteOpenMode.ReadOnly);
            size = IndexedSize(connection, null);
        }

        return size;
    }

    private static ulong IndexedSize(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT tree_size FROM index_position;";
        return (ulong)(long)command.ExecuteScalar()!;
    }

    private static SqliteConnection OpenIndex(ServerProcess server, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(server.DataDirectory, SqliteLogEntryIndex.FileName),
            Mode = mode,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    [GeneratedRegex(@"indexed its last (?<indexed>\d+) entries")]
    private static partial Regex LogOpened();
}
