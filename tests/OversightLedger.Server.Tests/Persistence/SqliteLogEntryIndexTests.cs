using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Server.Persistence;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Server.Tests.Persistence;

/// <summary>
/// Issue 17, item 2: the sequencer's index in SQLite, on real files. Whatever batches it was written in and however often
/// it was closed and opened again, it answers every id and every subject as the in-memory index built from the same
/// entries does, and records the position of its last batch; a file that cannot be read is replaced by an empty one.
/// Written behind: what is added is answered before the writer writes it, batches added while the writer waits go out in
/// one transaction recording the last one's position, the unwritten set is bounded, and the file is mode 0600.
/// </summary>
public sealed class SqliteLogEntryIndexTests : IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    private string IndexPath => Path.Combine(_directory.Root, SqliteLogEntryIndex.FileName);

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void An_index_reopened_after_random_batches_with_repeated_ids_answers_as_a_full_rebuild_in_memory(int seed)
    {
        var random = new Random(seed);
        var reference = new InMemoryLogEntryIndex();
        var ids = new List<string>();
        string[] subjects = [.. Enumerable.Range(0, 6).Select(i => LogSubjects.Program($"p-{i}")), LogSubjects.Budget("b"), LogSubjects.OfKind("BudgetOpened")];
        ulong leaf = 0;
        LogIndexPosition last = default;
        SqliteLogEntryIndex? index = null;
        try
        {
            for (int batch = 0; batch < 40; batch++)
            {
                // Now and then the activation goes and another opens the file: it must record the last batch's position.
                if (index is null || random.Next(4) == 0)
                {
                    index?.Dispose();
                    index = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance);
                    LogIndexPosition? opened = index.Open();
                    Assert.Equal(batch == 0 ? new LogIndexPosition(0, default) : last, opened);
                }

                var entries = new List<IndexedLogEntry>();
                for (int n = random.Next(0, 60); n > 0; n--)
                {
                    // One id in five is one the log has already (the log's index names its later leaf).
                    string id = ids.Count > 0 && random.Next(5) == 0 ? ids[random.Next(ids.Count)] : $"e-{Guid.NewGuid():N}";
                    ids.Add(id);
                    string[] named = [.. subjects.Where(_ => random.Next(3) == 0)];
                    entries.Add(new IndexedLogEntry(id, named, leaf++));
                }

                last = new LogIndexPosition(leaf, new MerkleHash(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray()));
                index.Add(entries, last);
                reference.Add(entries, last);
            }

            index?.Dispose();
            index = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance);
            Assert.Equal(last, index.Open());
            foreach (string id in ids.Append("never-logged").Append(""))
            {
                bool expected = reference.TryGetLeafIndex(id, out ulong expectedLeaf);
                Assert.Equal(expected, index.TryGetLeafIndex(id, out ulong actualLeaf));
                Assert.Equal(expectedLeaf, actualLeaf);
            }

            // Once the in-memory filter is filled from the file, a new id is answered without it: the same answers.
            for (int wait = 0; wait < 200 && !index.FilterComplete; wait++)
            {
                Thread.Sleep(50);
            }

            Assert.True(index.FilterComplete);
            foreach (string id in ids.Append("never-logged").Append(""))
            {
                bool expected = reference.TryGetLeafIndex(id, out ulong expectedLeaf);
                Assert.Equal(expected, index.TryGetLeafIndex(id, out ulong actualLeaf));
                Assert.Equal(expectedLeaf, actualLeaf);
            }

            foreach (string subject in subjects.Append(LogSubjects.Program("none")))
            {
                for (int i = 0; i < 20; i++)
                {
                    ulong from = (ulong)random.Next(0, (int)leaf + 2);
                    Assert.Equal(reference.SubjectEntries(subject, from), index.SubjectEntries(subject, from));
                }

                Assert.Equal(reference.SubjectEntries(subject, 0), index.SubjectEntries(subject, 0));
            }
        }
        finally
        {
            index?.Dispose();
        }
    }

    [Fact]
    public void A_file_that_is_not_an_index_is_replaced_by_an_empty_one()
    {
        using (var index = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance))
        {
            index.Open();
            index.Add([new IndexedLogEntry("e-1", [LogSubjects.Budget("b")], 0)], new LogIndexPosition(1, default));
        }

        // Garbage over the header and the first pages.
        using (FileStream file = File.OpenWrite(IndexPath))
        {
            file.Write(Enumerable.Range(0, 8192).Select(i => (byte)(i * 31)).ToArray());
        }

        using (var index = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance))
        {
            Assert.Null(index.Open());
            Assert.False(index.TryGetLeafIndex("e-1", out _));
            Assert.Empty(index.SubjectEntries(LogSubjects.Budget("b"), 0));
            index.Add([new IndexedLogEntry("e-1", [LogSubjects.Budget("b")], 0)], new LogIndexPosition(1, default));
        }

        using (var index = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance))
        {
            Assert.Equal(new LogIndexPosition(1, default), index.Open());
            Assert.True(index.TryGetLeafIndex("e-1", out ulong leaf));
            Assert.Equal(0UL, leaf);
        }
    }

    [Fact]
    public void A_file_of_another_schema_version_is_replaced_and_clear_empties_the_index()
    {
        using (var connection = new SqliteConnection($"Data Source={IndexPath};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE other (x INTEGER); PRAGMA user_version = 7;";
            command.ExecuteNonQuery();
        }

        using var index = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance);
        Assert.Null(index.Open());
        index.Add([new IndexedLogEntry("e-1", [LogSubjects.Budget("b")], 0), new IndexedLogEntry("e-2", [LogSubjects.Budget("b")], 1)], new LogIndexPosition(2, default));
        Assert.Equal([0UL, 1UL], index.SubjectEntries(LogSubjects.Budget("b"), 0));

        // A batch below what the index holds is refused, and changes nothing.
        Assert.Throws<ArgumentException>(() => index.Add([new IndexedLogEntry("e-3", [LogSubjects.Budget("b")], 1)], new LogIndexPosition(3, default)));
        Assert.False(index.TryGetLeafIndex("e-3", out _));

        index.Clear();
        Assert.False(index.TryGetLeafIndex("e-1", out _));
        Assert.Empty(index.SubjectEntries(LogSubjects.Budget("b"), 0));
        index.Dispose();
        using var reopened = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance);
        Assert.Equal(new LogIndexPosition(0, default), reopened.Open());
    }

    [Fact]
    public void Batches_are_answered_before_they_are_written_and_those_added_while_the_writer_waits_go_out_in_one_transaction_with_the_last_position()
    {
        using var index = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance);
        index.Open();
        string subject = LogSubjects.Budget("b");
        var first = new LogIndexPosition(2, Root(0));
        index.Add([new IndexedLogEntry("a-0", [subject], 0), new IndexedLogEntry("a-1", [LogSubjects.Program("p")], 1)], first);
        Assert.True(index.WaitUntilWritten(TimeSpan.FromSeconds(30)));
        long transactions = index.Transactions;

        // Another connection holds the file's write lock: the writer cannot write what comes next.
        var expected = new Dictionary<string, ulong>(StringComparer.Ordinal) { ["a-0"] = 0, ["a-1"] = 1 };
        var subjectLeaves = new List<ulong> { 0 };
        LogIndexPosition last = first;
        using (SqliteConnection blocker = OpenConnection())
        {
            using SqliteTransaction held = blocker.BeginTransaction(deferred: false);
            ulong leaf = 2;
            for (int batch = 1; batch <= 5; batch++)
            {
                var entries = new List<IndexedLogEntry>();
                for (int i = 0; i < batch; i++)
                {
                    string id = $"b{batch}-{i}";
                    entries.Add(new IndexedLogEntry(id, [subject], leaf));
                    subjectLeaves.Add(leaf);
                    expected[id] = leaf++;
                }

                // An id the file has, logged again: the later leaf.
                if (batch == 3)
                {
                    entries.Add(new IndexedLogEntry("a-0", [subject], leaf));
                    subjectLeaves.Add(leaf);
                    expected["a-0"] = leaf++;
                }

                last = new LogIndexPosition(leaf, Root(batch));
                index.Add(entries, last);
            }

            Assert.Equal(16, index.UnwrittenEntries);
            Assert.Equal(first.TreeSize, ReadPosition(blocker, held).TreeSize);
            AssertAnswers(index, expected, subject, subjectLeaves);
            Assert.Equal(transactions, index.Transactions);
            held.Rollback();
        }

        Assert.True(index.WaitUntilWritten(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, index.UnwrittenEntries);
        Assert.Equal(transactions + 1, index.Transactions);
        using (SqliteConnection reader = OpenConnection())
        {
            Assert.Equal(last, ReadPosition(reader, null));
        }

        AssertAnswers(index, expected, subject, subjectLeaves);
        index.Dispose();
        using var reopened = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance);
        Assert.Equal(last, reopened.Open());
        AssertAnswers(reopened, expected, subject, subjectLeaves);
    }

    [Fact]
    public async Task More_unwritten_entries_than_the_bound_hold_the_sequencer_back_until_the_writer_catches_up()
    {
        using var index = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance, maxUnwrittenEntries: 10);
        index.Open();
        Assert.True(index.WaitForRoomAsync(TestContext.Current.CancellationToken).IsCompleted);
        Task room;
        using (SqliteConnection blocker = OpenConnection())
        {
            using SqliteTransaction held = blocker.BeginTransaction(deferred: false);
            index.Add([.. Enumerable.Range(0, 6).Select(i => new IndexedLogEntry($"e-{i}", [], (ulong)i))], new LogIndexPosition(6, Root(1)));
            Assert.True(index.WaitForRoomAsync(TestContext.Current.CancellationToken).IsCompleted);
            index.Add([.. Enumerable.Range(6, 6).Select(i => new IndexedLogEntry($"e-{i}", [], (ulong)i))], new LogIndexPosition(12, Root(2)));
            room = index.WaitForRoomAsync(TestContext.Current.CancellationToken);
            await Task.Delay(300, TestContext.Current.CancellationToken);
            Assert.False(room.IsCompleted);
            held.Rollback();
        }

        await room.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(0, index.UnwrittenEntries);
        Assert.True(index.TryGetLeafIndex("e-11", out ulong leaf));
        Assert.Equal(11UL, leaf);
    }

    [Fact]
    public void The_file_and_its_wal_and_shm_are_mode_0600_and_an_older_file_open_to_others_is_narrowed()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var index = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance))
        {
            index.Open();
            index.Add([new IndexedLogEntry("e-0", [LogSubjects.Budget("b")], 0)], new LogIndexPosition(1, Root(1)));
            Assert.True(index.WaitUntilWritten(TimeSpan.FromSeconds(30)));
            foreach (string file in new[] { IndexPath, IndexPath + "-wal", IndexPath + "-shm" })
            {
                Assert.True(File.Exists(file), file);
                Assert.Equal(OwnerOnly, File.GetUnixFileMode(file));
            }
        }

        // As an earlier version left it: readable by everyone.
        foreach (string file in new[] { IndexPath, IndexPath + "-wal", IndexPath + "-shm" }.Where(File.Exists))
        {
            File.SetUnixFileMode(file, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        using (var index = new SqliteLogEntryIndex(IndexPath, NullLogger<SqliteLogEntryIndex>.Instance))
        {
            Assert.Equal(new LogIndexPosition(1, Root(1)), index.Open());
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(IndexPath));
        }
    }

    private static void AssertAnswers(SqliteLogEntryIndex index, Dictionary<string, ulong> expected, string subject, List<ulong> subjectLeaves)
    {
        foreach ((string id, ulong leaf) in expected)
        {
            Assert.True(index.TryGetLeafIndex(id, out ulong found), id);
            Assert.Equal(leaf, found);
        }

        Assert.False(index.TryGetLeafIndex("never-logged", out _));
        Assert.Equal(subjectLeaves, index.SubjectEntries(subject, 0));
        Assert.Equal([.. subjectLeaves.Where(l => l >= 4)], index.SubjectEntries(subject, 4));
        Assert.Equal([1UL], index.SubjectEntries(LogSubjects.Program("p"), 0));
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection($"Data Source={IndexPath};Pooling=False");
        connection.Open();
        return connection;
    }

    private static LogIndexPosition ReadPosition(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT tree_size, root FROM index_position;";
        using SqliteDataReader reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return new LogIndexPosition((ulong)reader.GetInt64(0), new MerkleHash(reader.GetFieldValue<byte[]>(1)));
    }

    private static MerkleHash Root(int n) => new([.. Enumerable.Range(0, MerkleHash.Size).Select(i => (byte)(n + i))]);
}
