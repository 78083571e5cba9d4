using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Server.Persistence;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>
/// Issue 17, item 2: the sequencer's index on disk (SQLite beside the log, as in the embedded server) after the cluster
/// is restarted on the same files. Whether its file was left intact, behind the log, deleted, corrupted, recording a size
/// beyond the log or a root the log disagrees with, the restarted sequencer answers every id and every subject exactly
/// as before, an id committed before the restart gets its leaf again (no second entry), and a reused id with other bytes
/// is refused. An intact or lagging file is caught up (its fingerprint key survives); any other is rebuilt from the log.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class SequencerIndexRestartTests : IDisposable
{
    private const int Batches = 12;
    private const int PerBatch = 50;
    private static readonly string[] Subjects = [LogSubjects.Program("p-0"), LogSubjects.Program("p-1"), LogSubjects.Program("p-2"), LogSubjects.Budget("b")];

    private readonly LedgerClusterDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string IndexPath => Path.Combine(_directory.Root, SqliteLogEntryIndex.FileName);

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("intact", true)]
    [InlineData("behind", true)]
    [InlineData("missing", false)]
    [InlineData("corrupted", false)]
    [InlineData("beyond-the-log", false)]
    [InlineData("other-root", false)]
    public async Task The_restarted_sequencer_answers_as_before_whatever_its_index_file_was_left_as(string damage, bool caughtUp)
    {
        var random = new Random(damage.Length);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var leaves = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var subjects = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string behindCopy = Path.Combine(_directory.Root, "index-copy");
        ulong size = 0;

        // Two cluster lifetimes before the restart under test; a copy of the index between them, which lags the log.
        for (int half = 0; half < 2; half++)
        {
            await using TestCluster cluster = await _directory.StartClusterAsync(1, Ct);
            IAuditLogGrain log = cluster.Client.GetGrain<IAuditLogGrain>(LedgerClusterDirectory.Origin);
            for (int batch = 0; batch < Batches / 2; batch++)
            {
                await AppendBatchAsync(log, random, entries, subjects, leaves);
            }

            size = (await log.GetTreeHeadAsync()).TreeSize;
            await cluster.StopAllSilosAsync(Ct);
            if (half == 0)
            {
                CopyIndex(IndexPath, behindCopy);
            }
        }

        (byte[] key, ulong recordedSize) = ReadIndexFile();
        Assert.Equal(size, recordedSize);
        Damage(damage, behindCopy, size);

        await using (TestCluster second = await _directory.StartClusterAsync(1, Ct))
        {
            IAuditLogGrain log = second.Client.GetGrain<IAuditLogGrain>(LedgerClusterDirectory.Origin);
            Assert.Equal(size, (await log.GetTreeHeadAsync()).TreeSize);
            foreach ((string id, ulong leaf) in leaves)
            {
                Assert.Equal(leaf, await log.FindAsync(id));
            }

            Assert.Null(await log.FindAsync("never-appended"));
            var bySubject = Subjects.ToDictionary(s => s, _ => new List<ulong>());
            foreach ((string id, ulong leaf) in leaves.OrderBy(pair => pair.Value))
            {
                foreach (string subject in subjects[id])
                {
                    bySubject[subject].Add(leaf);
                }
            }

            foreach ((string subject, List<ulong> expected) in bySubject)
            {
                Assert.Equal(expected, await log.GetSubjectEntriesAsync(subject, 0));
                ulong from = (ulong)random.Next((int)size);
                Assert.Equal(expected.Where(leaf => leaf >= from), await log.GetSubjectEntriesAsync(subject, from));
            }

            // An id committed before the restart: its leaf again, nothing appended. Other bytes under it: refused.
            string committed = leaves.Keys.ElementAt(random.Next(leaves.Count));
            Assert.Equal(leaves[committed], (await log.AppendAsync(entries[committed])).LeafIndex);
            await Assert.ThrowsAsync<EntryIdTakenException>(() => log.AppendAsync(Entry(committed, 9, budget: false, "other bytes")));
            Assert.Equal(size, (await log.GetTreeHeadAsync()).TreeSize);
            Assert.Equal(size, (await log.AppendAsync(Entry("after-restart", 0, budget: false, "new"))).LeafIndex);
        }

        (byte[] keyAfter, ulong sizeAfter) = ReadIndexFile();
        Assert.Equal(size + 1, sizeAfter);
        Assert.Equal(caughtUp, key.AsSpan().SequenceEqual(keyAfter));
    }

    private static async Task AppendBatchAsync(
        IAuditLogGrain log, Random random, Dictionary<string, byte[]> entries, Dictionary<string, string[]> subjects, Dictionary<string, ulong> leaves)
    {
        var batch = new List<byte[]>();
        for (int i = 0; i < PerBatch; i++)
        {
            if (entries.Count > 0 && random.Next(5) == 0)
            {
                // The same entry sent again: same id, same bytes.
                batch.Add(entries.Values.ElementAt(random.Next(entries.Count)));
                continue;
            }

            string id = string.Create(CultureInfo.InvariantCulture, $"e-{entries.Count:D5}");
            int program = random.Next(3);
            bool budget = random.Next(2) == 0;
            entries[id] = Entry(id, program, budget, "v");
            subjects[id] = budget ? [LogSubjects.Budget("b"), LogSubjects.Program($"p-{program}")] : [LogSubjects.Program($"p-{program}")];
            batch.Add(entries[id]);
        }

        LogAppendReceipt[] receipts = await log.AppendManyAsync([.. batch]);
        for (int i = 0; i < batch.Count; i++)
        {
            string id = receipts[i].EntryId;
            Assert.True(!leaves.TryGetValue(id, out ulong earlier) || earlier == receipts[i].LeafIndex, $"{id} was answered with two leaves.");
            leaves[id] = receipts[i].LeafIndex;
        }
    }

    /// <summary>An entry naming program <c>p-N</c> and, when <paramref name="budget"/>, budget <c>b</c>.</summary>
    private static byte[] Entry(string id, int program, bool budget, string value) =>
        Encoding.UTF8.GetBytes(budget
            ? $$"""{"id":"{{id}}","budget":"b","program":"p-{{program}}","v":"{{value}}"}"""
            : $$"""{"id":"{{id}}","program":"p-{{program}}","v":"{{value}}"}""");

    private void Damage(string damage, string behindCopy, ulong size)
    {
        switch (damage)
        {
            case "intact":
                break;
            case "behind":
                DeleteIndex(IndexPath);
                CopyIndex(behindCopy, IndexPath);
                Assert.True(ReadIndexFile().TreeSize < size);
                break;
            case "missing":
                DeleteIndex(IndexPath);
                break;
            case "corrupted":
                using (FileStream file = File.OpenWrite(IndexPath))
                {
                    file.Write(Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());
                }

                break;
            case "beyond-the-log":
            case "other-root":
                using (var index = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance))
                {
                    LogIndexPosition position = index.Open()!.Value;
                    index.Add([], damage == "beyond-the-log"
                        ? position with { TreeSize = size + 1000 }
                        : position with { Root = new MerkleHash(new byte[MerkleHash.Size]) });
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, null);
        }
    }

    private (byte[] Key, ulong TreeSize) ReadIndexFile()
    {
        using var connection = new SqliteConnection($"Data Source={IndexPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT fingerprint_key, tree_size FROM index_position;";
        using SqliteDataReader reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetFieldValue<byte[]>(0), (ulong)reader.GetInt64(1));
    }

    private static void CopyIndex(string from, string to)
    {
        foreach (string suffix in new[] { string.Empty, "-wal" })
        {
            if (File.Exists(from + suffix))
            {
                File.Copy(from + suffix, to + suffix, overwrite: true);
            }
        }
    }

    private static void DeleteIndex(string path)
    {
        foreach (string suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }
}
