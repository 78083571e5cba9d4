using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Server.Hosting;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Server.Persistence;

/// <summary>
/// The sequencer's index in one SQLite file under the embedded server's data directory (issue 17, item 2): ids and
/// subjects on disk, so that neither a restart re-reads the log nor memory grows with it. An id is held as a 16-byte
/// keyed fingerprint (SipHash-2-4-128 under a random key of the file's own, so that ids cannot be crafted to collide);
/// a subject's leaves as runs of consecutive leaves.
/// </summary>
/// <remarks>
/// <para>
/// Written behind (issue 17, "no throughput loss"): <see cref="Add"/> only puts a batch in memory, where its ids and
/// subjects are answered at once (the unwritten set); a writer thread of the index's own writes everything added
/// meanwhile in one transaction, with the position of the last batch it holds, so the file is always exactly the log up
/// to the position it records, and then drops those entries from memory. A crash leaves the file behind the log, which
/// the sequencer catches up at activation. <see cref="WaitForRoomAsync"/> holds the sequencer back while more than
/// the bound given at construction are unwritten; should a write fail, what is unwritten stays answerable, the writer
/// stops, and <see cref="Add"/> throws, so that the sequencer restarts and catches up from the log.
/// </para>
/// <para>
/// Derived data: WAL mode with <c>synchronous=NORMAL</c> (no fsync per commit). A file that cannot be opened or read, or
/// of another schema version, is deleted and created empty; <see cref="Clear"/> does the same. The file (so also its
/// -wal and -shm, which SQLite gives its mode) is created 0600, like the server's other data files.
/// </para>
/// <para>
/// One per silo; opened and closed by each activation of the sequencer. Lookups and <see cref="Add"/> come from one
/// thread at a time (the sequencer's turns); the writer has a connection of its own, and lookups read the unwritten set
/// before the file, which the writer leaves only after its commit, so that an id is never missed in between.
/// </para>
/// </remarks>
public sealed partial class SqliteLogEntryIndex : ILogEntryIndex
{
    /// <summary>The file's name in the embedded server's data directory.</summary>
    public const string FileName = "log-index.db";

    /// <summary>The default bound on entries added but not yet written: 16 of the sequencer's largest batches.</summary>
    public const int DefaultMaxUnwrittenEntries = 65_536;

    /// <summary>
    /// The default time the writer gathers batches into one transaction: a transaction per batch, as when the writer
    /// keeps up with single requests, cost ~25 µs of CPU per id, against ~14 µs gathered for 100 ms and ~12 µs for 500 ms
    /// (BENCHMARKS, "The on-disk index's cost per id"); at 10,000 ids a second this holds ~5,000 ids in memory, and a
    /// crash leaves the file at most this far behind the log (caught up from the log at activation).
    /// </summary>
    public static readonly TimeSpan DefaultWriteInterval = TimeSpan.FromMilliseconds(500);

    private const int FingerprintLength = 16;
    private const int FingerprintKeyLength = SipHash128.KeySize;
    private static readonly string[] FileSuffixes = [string.Empty, "-wal", "-shm", "-journal"];

    private readonly string _databasePath;
    private readonly ILogger<SqliteLogEntryIndex> _logger;
    private readonly int _maxUnwrittenEntries;
    private readonly TimeSpan _writeInterval;
    private SqliteConnection? _connection;
    private int _closes;
    private FingerprintFilter? _filter;
    private CancellationTokenSource? _filterLoad;
    private EntryFingerprints? _fingerprints;
    private SqliteCommand? _findLeaf;
    private SqliteCommand? _runsFrom;

    /// <summary>An index in <paramref name="databasePath"/>; nothing touches the disk until <see cref="Open"/>.</summary>
    /// <param name="databasePath">The SQLite file.</param>
    /// <param name="logger">Where it reports a file it discards and a write that fails.</param>
    /// <param name="maxUnwrittenEntries">Above this many entries added but not yet written, <see cref="WaitForRoomAsync"/> waits for the writer.</param>
    /// <param name="writeInterval">
    /// How long the writer gathers batches after the first one before it writes them in one transaction
    /// (<see cref="DefaultWriteInterval"/> when null; zero writes at once): it writes sooner when stopping or when half the
    /// bound is unwritten.
    /// </param>
    public SqliteLogEntryIndex(string databasePath, ILogger<SqliteLogEntryIndex> logger, int maxUnwrittenEntries = DefaultMaxUnwrittenEntries, TimeSpan? writeInterval = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUnwrittenEntries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(writeInterval ?? TimeSpan.Zero, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(writeInterval ?? TimeSpan.Zero, TimeSpan.FromMinutes(1));
        _databasePath = Path.GetFullPath(databasePath);
        _logger = logger;
        _maxUnwrittenEntries = maxUnwrittenEntries;
        _writeInterval = writeInterval ?? DefaultWriteInterval;
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => _databasePath;

    /// <inheritdoc/>
    public LogIndexPosition? Open()
    {
        Close(writeUnwritten: true);
        try
        {
            return OpenFile();
        }
        catch (Exception e) when (e is SqliteException or InvalidDataException)
        {
            LogUnreadable(_logger, _databasePath, e.Message);
            Clear();
            return null;
        }
    }

    /// <inheritdoc/>
    public void Clear()
    {
        Close(writeUnwritten: false);
        foreach (string suffix in FileSuffixes)
        {
            File.Delete(_databasePath + suffix);
        }

        OpenFile();
    }

    /// <inheritdoc/>
    public bool TryGetLeafIndex(string entryId, out ulong leafIndex)
    {
        ArgumentNullException.ThrowIfNull(entryId);
        _ = Connection;

        // The unwritten set first: the writer leaves it only after its commit, so an id is in one or the other.
        if (TryGetUnwrittenLeaf(entryId, out leafIndex))
        {
            return true;
        }

        Span<byte> fingerprint = stackalloc byte[FingerprintLength];
        _fingerprints!.Compute(entryId, fingerprint);
        if (_filter is { Complete: true } filter && !filter.MayContain(fingerprint))
        {
            // A new id, the usual case: no disk read.
            leafIndex = 0;
            return false;
        }

        _findLeaf!.Parameters["$fingerprint"].Value = fingerprint.ToArray();
        object? leaf = _findLeaf.ExecuteScalar();
        leafIndex = leaf is long value ? (ulong)value : 0;
        return leaf is long;
    }

    /// <inheritdoc/>
    public ulong[] SubjectEntries(string subject, ulong fromIndex)
    {
        ArgumentNullException.ThrowIfNull(subject);
        _ = Connection;

        // The unwritten leaves first, then the file: a batch written in between is in both (and kept once), never in neither.
        ulong[] unwritten = UnwrittenSubjectEntries(subject, fromIndex);
        _runsFrom!.Parameters["$subject"].Value = subject;
        _runsFrom.Parameters["$from"].Value = (long)Math.Min(fromIndex, long.MaxValue);
        var leaves = new List<ulong>();
        using (SqliteDataReader reader = _runsFrom.ExecuteReader())
        {
            while (reader.Read())
            {
                ulong first = (ulong)reader.GetInt64(0);
                ulong end = first + (ulong)reader.GetInt64(1);
                for (ulong leaf = Math.Max(first, fromIndex); leaf < end; leaf++)
                {
                    leaves.Add(leaf);
                }
            }
        }

        // Every unwritten leaf is above every leaf the file had before it; those written meanwhile are at the file's end.
        foreach (ulong leaf in unwritten)
        {
            if (leaves.Count == 0 || leaf > leaves[^1])
            {
                leaves.Add(leaf);
            }
        }

        return [.. leaves];
    }

    /// <summary>Closes the file once what was added is written (or the writer has failed); <see cref="Open"/> opens it again.</summary>
    public void Dispose() => Close(writeUnwritten: true);

    private SqliteConnection Connection => _connection ?? throw new InvalidOperationException($"The index {_databasePath} is not open (closed: {_closes} times).");

    /// <summary>Opens (creating it mode 0600 when missing) the file, reads its position and starts its writer.</summary>
    private LogIndexPosition OpenFile()
    {
        SecretFiles.PrepareDatabase(_databasePath);
        string connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // Clear deletes the file: no pooled handle may keep it open.
        }.ToString();
        var connection = new SqliteConnection(connectionString);
        SqliteConnection? writerConnection = null;
        try
        {
            connection.Open();
            Execute(connection, SqliteLogEntryIndexSql.ConnectionPragmas);
            long version = (long)Scalar(connection, SqliteLogEntryIndexSql.ReadSchemaVersion)!;
            if (version == 0)
            {
                using SqliteCommand create = connection.CreateCommand();
                create.CommandText = SqliteLogEntryIndexSql.CreateSchema;
                create.Parameters.AddWithValue("$key", System.Security.Cryptography.RandomNumberGenerator.GetBytes(FingerprintKeyLength));
                create.ExecuteNonQuery();
            }
            else if (version != SqliteLogEntryIndexSql.SchemaVersion)
            {
                throw new InvalidDataException($"its schema version is {version}, not {SqliteLogEntryIndexSql.SchemaVersion}");
            }

            LogIndexPosition position;
            byte[] key;
            using (SqliteCommand read = connection.CreateCommand())
            {
                read.CommandText = SqliteLogEntryIndexSql.ReadPosition;
                using SqliteDataReader reader = read.ExecuteReader();
                if (!reader.Read())
                {
                    throw new InvalidDataException("it records no position");
                }

                key = reader.GetFieldValue<byte[]>(0);
                long size = reader.GetInt64(1);
                byte[] root = reader.GetFieldValue<byte[]>(2);
                if (key.Length != FingerprintKeyLength || size < 0 || root.Length != MerkleHash.Size)
                {
                    throw new InvalidDataException("its recorded position is malformed");
                }

                position = new LogIndexPosition((ulong)size, new MerkleHash(root));
            }

            writerConnection = new SqliteConnection(connectionString);
            writerConnection.Open();
            Execute(writerConnection, SqliteLogEntryIndexSql.ConnectionPragmas);

            _connection = connection;
            _fingerprints = new EntryFingerprints(key);
            _findLeaf = Command(connection, SqliteLogEntryIndexSql.FindLeaf, "$fingerprint");
            _runsFrom = Command(connection, SqliteLogEntryIndexSql.RunsFrom, "$subject", "$from");
            StartFilter(position.TreeSize);
            StartWriter(writerConnection, key, position.TreeSize);
            return position;
        }
        catch
        {
            writerConnection?.Dispose();
            connection.Dispose();
            _connection = null;
            throw;
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string text, params string[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = text;
        foreach (string parameter in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = parameter });
        }

        command.Prepare();
        return command;
    }

    private static void Execute(SqliteConnection connection, string text)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = text;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string text)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = text;
        return command.ExecuteScalar();
    }

    /// <summary>Whether the in-memory filter holds every id in the file (tests).</summary>
    internal bool FilterComplete => _filter?.Complete == true;

    /// <summary>
    /// A Bloom filter of the file's fingerprints, about 10 bits an id for up to twice the log's size at opening (1 % false
    /// positives; 25 MB at 10 million), filled from the file on a thread of its own so that opening does not wait for it.
    /// Until it is complete every lookup reads the file; ids written meanwhile set their bits before their commit.
    /// </summary>
    private void StartFilter(ulong treeSize)
    {
        var filter = new FingerprintFilter(Math.Max(1L << 20, (long)Math.Min(treeSize, 1UL << 36) * 2) * 10);
        _filter = filter;
        if (treeSize == 0)
        {
            filter.Complete = true;
            return;
        }

        var cancellation = new CancellationTokenSource();
        _filterLoad = cancellation;
        CancellationToken token = cancellation.Token;
        string connectionString = new SqliteConnectionStringBuilder { DataSource = _databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        _ = Task.Run(() =>
        {
            try
            {
                using var connection = new SqliteConnection(connectionString);
                connection.Open();
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = SqliteLogEntryIndexSql.AllFingerprints;
                using SqliteDataReader reader = command.ExecuteReader();
                byte[] fingerprint = new byte[FingerprintLength];
                while (reader.Read())
                {
                    token.ThrowIfCancellationRequested();
                    if (reader.GetBytes(0, 0, fingerprint, 0, FingerprintLength) == FingerprintLength)
                    {
                        filter.Add(fingerprint);
                    }
                }

                filter.Complete = true;
            }
            catch (OperationCanceledException)
            {
                // Closed before it was filled: this filter is no longer used.
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
            {
                LogFilterFailed(_logger, e, _databasePath);
            }
        }, CancellationToken.None);
    }

    /// <summary>Stops the writer (after it has written what was added, when <paramref name="writeUnwritten"/>) and closes the file.</summary>
    private void Close(bool writeUnwritten)
    {
        _closes++;
        StopWriter(writeUnwritten);
        _filterLoad?.Cancel();
        _filterLoad?.Dispose();
        _filterLoad = null;
        _filter = null;
        _findLeaf?.Dispose();
        _runsFrom?.Dispose();
        _findLeaf = _runsFrom = null;
        _fingerprints?.Dispose();
        _fingerprints = null;
        _connection?.Dispose();
        _connection = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Filling the in-memory filter of {Path} failed; every id is looked up in the file")]
    private static partial void LogFilterFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sequencer's index {Path} cannot be read ({Reason}); it is created empty and rebuilt from the log")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} entries to the sequencer's index {Path} failed; they stay in memory until the sequencer restarts and catches up from the log")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, string path);
}
