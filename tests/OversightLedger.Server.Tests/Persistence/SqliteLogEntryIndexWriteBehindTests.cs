using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Server.Persistence;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Server.Tests.Persistence;

/// <summary>
/// Issue 17, "no throughput loss": the index's writer gathers what is added during its write interval into one
/// transaction, but writes at once when it is closed or when half its bound is unwritten; and a file of schema version 1
/// (HMAC-SHA-256 fingerprints, before SipHash) is discarded and rebuilt, never read with the new fingerprints.
/// </summary>
public sealed class SqliteLogEntryIndexWriteBehindTests : IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    private string IndexPath => Path.Combine(_directory.Root, SqliteLogEntryIndex.FileName);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Batches_added_within_the_interval_go_out_in_one_transaction_and_closing_writes_them_without_waiting_for_it()
    {
        var index = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance, writeInterval: TimeSpan.FromSeconds(50));
        index.Open();
        string subject = LogSubjects.Budget("b");
        ulong leaf = 0;
        for (int batch = 0; batch < 5; batch++)
        {
            index.Add([new IndexedLogEntry($"e-{leaf}", [subject], leaf), new IndexedLogEntry($"e-{leaf + 1}", [subject], leaf + 1)], new LogIndexPosition(leaf + 2, Root(batch)));
            leaf += 2;
        }

        Thread.Sleep(300);
        Assert.Equal(0, index.Transactions);
        Assert.Equal(10, index.UnwrittenEntries);
        Assert.True(index.TryGetLeafIndex("e-7", out ulong found));
        Assert.Equal(7UL, found);

        var closing = System.Diagnostics.Stopwatch.StartNew();
        index.Dispose();
        Assert.True(closing.Elapsed < TimeSpan.FromSeconds(30), $"closing took {closing.Elapsed}");
        Assert.Equal(1, index.Transactions);

        using var reopened = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance);
        Assert.Equal(new LogIndexPosition(10, Root(4)), reopened.Open());
        for (ulong i = 0; i < 10; i++)
        {
            Assert.True(reopened.TryGetLeafIndex($"e-{i}", out found));
            Assert.Equal(i, found);
        }

        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => (ulong)i)], reopened.SubjectEntries(subject, 0));
    }

    [Fact]
    public void Half_the_bound_unwritten_is_written_without_waiting_for_the_interval()
    {
        using var index = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance, maxUnwrittenEntries: 10, writeInterval: TimeSpan.FromSeconds(50));
        index.Open();
        index.Add([.. Enumerable.Range(0, 6).Select(i => new IndexedLogEntry($"e-{i}", [], (ulong)i))], new LogIndexPosition(6, Root(1)));
        Assert.True(index.WaitUntilWritten(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, index.UnwrittenEntries);
        Assert.Equal(1, index.Transactions);
    }

    [Fact]
    public void A_write_interval_out_of_range_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance, writeInterval: TimeSpan.FromMilliseconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance, writeInterval: TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void A_version_1_file_with_hmac_fingerprints_is_discarded_and_rebuilt_not_misread()
    {
        // A file exactly as schema version 1 wrote it: a 32-byte key, HMAC-SHA-256 fingerprints truncated to 16 bytes.
        byte[] key = RandomNumberGenerator.GetBytes(32);
        using (var connection = new SqliteConnection($"Data Source={IndexPath};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE entry_leaf (fingerprint BLOB NOT NULL PRIMARY KEY, leaf INTEGER NOT NULL) STRICT, WITHOUT ROWID;
                CREATE TABLE subject_run (subject TEXT NOT NULL, first_leaf INTEGER NOT NULL, leaf_count INTEGER NOT NULL, PRIMARY KEY (subject, first_leaf)) STRICT, WITHOUT ROWID;
                CREATE TABLE index_position (singleton INTEGER NOT NULL PRIMARY KEY CHECK (singleton = 1), fingerprint_key BLOB NOT NULL, tree_size INTEGER NOT NULL, root BLOB NOT NULL) STRICT;
                INSERT INTO index_position (singleton, fingerprint_key, tree_size, root) VALUES (1, $key, 3, $root);
                INSERT INTO entry_leaf (fingerprint, leaf) VALUES ($fingerprint, 2);
                INSERT INTO subject_run (subject, first_leaf, leaf_count) VALUES ('budget/b', 0, 3);
                PRAGMA user_version = 1;
                """;
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$root", Root(3).ToArray());
            command.Parameters.AddWithValue("$fingerprint", HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("e-2"))[..16]);
            command.ExecuteNonQuery();
        }

        using var index = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance);
        Assert.Null(index.Open());
        Assert.False(index.TryGetLeafIndex("e-2", out _));
        Assert.Empty(index.SubjectEntries(LogSubjects.Budget("b"), 0));

        // Rebuilt from leaf 0 (as the sequencer does from the log), in the new format.
        index.Add([new IndexedLogEntry("e-0", [LogSubjects.Budget("b")], 0), new IndexedLogEntry("e-2", [LogSubjects.Budget("b")], 1)], new LogIndexPosition(2, Root(2)));
        index.Dispose();
        using (var connection = new SqliteConnection($"Data Source={IndexPath};Pooling=False;Mode=ReadOnly"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version;";
            Assert.Equal(2L, (long)command.ExecuteScalar()!);
        }

        using var reopened = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance);
        Assert.Equal(new LogIndexPosition(2, Root(2)), reopened.Open());
        Assert.True(reopened.TryGetLeafIndex("e-2", out ulong leaf));
        Assert.Equal(1UL, leaf);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(IndexPath));
        }
    }

    private static MerkleHash Root(int n) => new([.. Enumerable.Range(0, MerkleHash.Size).Select(i => (byte)(n + i))]);
}
