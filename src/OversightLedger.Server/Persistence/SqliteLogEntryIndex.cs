using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Server.Persistence;

/// <summary>
/// The sequencer's index in one SQLite file under the embedded server's data directory (issue 17, item 2): ids and
/// subjects on disk, so that neither a restart re-reads the log nor memory grows with it. An id is held as a 16-byte
/// keyed fingerprint (HMAC-SHA-256 under a random key of the file's own, so that ids cannot be crafted to collide);
/// a subject's leaves as runs of consecutive leaves. The tree size and root covered are written in the same
/// transaction as the entries, so the file is always exactly the log up to that position.
/// </summary>
/// <remarks>
/// <para>
/// Derived data: WAL mode with <c>synchronous=NORMAL</c> (no fsync per commit). A file that cannot be opened or read, or
/// of another schema version, is deleted and created empty; <see cref="Clear"/> does the same. The sequencer checks the
/// position against the log and rebuilds from it when they disagree.
/// </para>
/// <para>One per silo; one connection, opened and closed by each activation of the sequencer; not thread-safe.</para>
/// </remarks>
public sealed partial class SqliteLogEntryIndex : ILogEntryIndex
{
    /// <summary>The file's name in the embedded server's data directory.</summary>
    public const string FileName = "log-index.db";

    private const int FingerprintLength = 16;
    private const int FingerprintKeyLength = 32;
    private static readonly string[] FileSuffixes = [string.Empty, "-wal", "-shm", "-journal"];

    private readonly string _databasePath;
    private readonly ILogger<SqliteLogEntryIndex> _logger;
    private SqliteConnection? _connection;
    private int _closes;
    private FingerprintFilter? _filter;
    private CancellationTokenSource? _filterLoad;
    private byte[] _fingerprintKey = [];
    private SqliteCommand? _findLeaf;
    private SqliteCommand? _putLeaf;
    private SqliteCommand? _lastRun;
    private SqliteCommand? _extendRun;
    private SqliteCommand? _insertRun;
    private SqliteCommand? _runsFrom;
    private SqliteCommand? _writePosition;

    /// <summary>An index in <paramref name="databasePath"/>; nothing touches the disk until <see cref="Open"/>.</summary>
    public SqliteLogEntryIndex(string databasePath, ILogger<SqliteLogEntryIndex> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentNullException.ThrowIfNull(logger);
        _databasePath = Path.GetFullPath(databasePath);
        _logger = logger;
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => _databasePath;

    /// <inheritdoc/>
    public LogIndexPosition? Open()
    {
        Close();
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
        Close();
        foreach (string suffix in FileSuffixes)
        {
            File.Delete(_databasePath + suffix);
        }

        OpenFile();
    }

    /// <inheritdoc/>
    public void Add(IReadOnlyList<IndexedLogEntry> entries, LogIndexPosition position)
    {
        ArgumentNullException.ThrowIfNull(entries);
        SqliteConnection connection = Connection;
        using SqliteTransaction transaction = connection.BeginTransaction();
        SetTransaction(transaction);
        try
        {
            AddInTransaction(entries, position);
            transaction.Commit();
        }
        finally
        {
            SetTransaction(null);
        }
    }

    private void AddInTransaction(IReadOnlyList<IndexedLogEntry> entries, LogIndexPosition position)
    {
        Span<byte> fingerprint = stackalloc byte[FingerprintLength];

        // A subject's leaves in this batch, as runs (entries come with ascending leaves).
        var runs = new Dictionary<string, List<(ulong First, ulong Count)>>(StringComparer.Ordinal);
        foreach (IndexedLogEntry entry in entries)
        {
            Fingerprint(entry.Id, fingerprint);
            _putLeaf!.Parameters["$fingerprint"].Value = fingerprint.ToArray();
            _putLeaf.Parameters["$leaf"].Value = checked((long)entry.LeafIndex);
            _putLeaf.ExecuteNonQuery();
            _filter?.Add(fingerprint);
            foreach (string subject in entry.Subjects)
            {
                if (!runs.TryGetValue(subject, out List<(ulong First, ulong Count)>? subjectRuns))
                {
                    subjectRuns = [];
                    runs.Add(subject, subjectRuns);
                }

                if (subjectRuns.Count > 0 && subjectRuns[^1].First + subjectRuns[^1].Count == entry.LeafIndex)
                {
                    subjectRuns[^1] = (subjectRuns[^1].First, subjectRuns[^1].Count + 1);
                }
                else
                {
                    subjectRuns.Add((entry.LeafIndex, 1));
                }
            }
        }

        foreach ((string subject, List<(ulong First, ulong Count)> subjectRuns) in runs)
        {
            AddRuns(subject, subjectRuns);
        }

        _writePosition!.Parameters["$treeSize"].Value = checked((long)position.TreeSize);
        _writePosition.Parameters["$root"].Value = position.Root.ToArray();
        _writePosition.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public bool TryGetLeafIndex(string entryId, out ulong leafIndex)
    {
        ArgumentNullException.ThrowIfNull(entryId);
        _ = Connection;
        Span<byte> fingerprint = stackalloc byte[FingerprintLength];
        Fingerprint(entryId, fingerprint);
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
        _runsFrom!.Parameters["$subject"].Value = subject;
        _runsFrom.Parameters["$from"].Value = (long)Math.Min(fromIndex, long.MaxValue);
        var leaves = new List<ulong>();
        using SqliteDataReader reader = _runsFrom.ExecuteReader();
        while (reader.Read())
        {
            ulong first = (ulong)reader.GetInt64(0);
            ulong end = first + (ulong)reader.GetInt64(1);
            for (ulong leaf = Math.Max(first, fromIndex); leaf < end; leaf++)
            {
                leaves.Add(leaf);
            }
        }

        return [.. leaves];
    }

    /// <summary>Closes the file; <see cref="Open"/> opens it again.</summary>
    public void Dispose() => Close();

    private SqliteConnection Connection => _connection ?? throw new InvalidOperationException($"The index {_databasePath} is not open (closed: {_closes} times).");

    /// <summary>Opens (creating it when missing) the file and reads its position.</summary>
    private LogIndexPosition OpenFile()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_databasePath)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // Clear deletes the file: no pooled handle may keep it open.
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, SqliteLogEntryIndexSql.ConnectionPragmas);
            long version = (long)Scalar(connection, SqliteLogEntryIndexSql.ReadSchemaVersion)!;
            if (version == 0)
            {
                using SqliteCommand create = connection.CreateCommand();
                create.CommandText = SqliteLogEntryIndexSql.CreateSchema;
                create.Parameters.AddWithValue("$key", RandomNumberGenerator.GetBytes(FingerprintKeyLength));
                create.ExecuteNonQuery();
            }
            else if (version != SqliteLogEntryIndexSql.SchemaVersion)
            {
                throw new InvalidDataException($"its schema version is {version}, not {SqliteLogEntryIndexSql.SchemaVersion}");
            }

            LogIndexPosition position;
            using (SqliteCommand read = connection.CreateCommand())
            {
                read.CommandText = SqliteLogEntryIndexSql.ReadPosition;
                using SqliteDataReader reader = read.ExecuteReader();
                if (!reader.Read())
                {
                    throw new InvalidDataException("it records no position");
                }

                byte[] key = reader.GetFieldValue<byte[]>(0);
                long size = reader.GetInt64(1);
                byte[] root = reader.GetFieldValue<byte[]>(2);
                if (key.Length != FingerprintKeyLength || size < 0 || root.Length != MerkleHash.Size)
                {
                    throw new InvalidDataException("its recorded position is malformed");
                }

                _fingerprintKey = key;
                position = new LogIndexPosition((ulong)size, new MerkleHash(root));
            }

            _connection = connection;
            PrepareCommands(connection);
            StartFilter(position.TreeSize);
            return position;
        }
        catch
        {
            connection.Dispose();
            _connection = null;
            throw;
        }
    }

    private void PrepareCommands(SqliteConnection connection)
    {
        _findLeaf = Command(connection, SqliteLogEntryIndexSql.FindLeaf, "$fingerprint");
        _putLeaf = Command(connection, SqliteLogEntryIndexSql.PutLeaf, "$fingerprint", "$leaf");
        _lastRun = Command(connection, SqliteLogEntryIndexSql.LastRun, "$subject");
        _extendRun = Command(connection, SqliteLogEntryIndexSql.ExtendRun, "$subject", "$firstLeaf", "$leafCount");
        _insertRun = Command(connection, SqliteLogEntryIndexSql.InsertRun, "$subject", "$firstLeaf", "$leafCount");
        _runsFrom = Command(connection, SqliteLogEntryIndexSql.RunsFrom, "$subject", "$from");
        _writePosition = Command(connection, SqliteLogEntryIndexSql.WritePosition, "$treeSize", "$root");
    }

    private void SetTransaction(SqliteTransaction? transaction)
    {
        foreach (SqliteCommand? command in (SqliteCommand?[])[_findLeaf, _putLeaf, _lastRun, _extendRun, _insertRun, _runsFrom, _writePosition])
        {
            command!.Transaction = transaction;
        }
    }

    /// <summary>Appends a subject's runs of one batch, the first lengthening the stored last run when they touch.</summary>
    private void AddRuns(string subject, List<(ulong First, ulong Count)> runs)
    {
        _lastRun!.Parameters["$subject"].Value = subject;
        int next = 0;
        using (SqliteDataReader reader = _lastRun.ExecuteReader())
        {
            if (reader.Read())
            {
                ulong first = (ulong)reader.GetInt64(0);
                ulong count = (ulong)reader.GetInt64(1);
                if (runs[0].First < first + count)
                {
                    throw new ArgumentException($"Leaves are indexed in ascending order; {subject} has leaves up to {first + count - 1}, the batch adds {runs[0].First}.", nameof(runs));
                }

                if (runs[0].First == first + count)
                {
                    reader.Close();
                    RunCommand(_extendRun!, subject, first, count + runs[0].Count);
                    next = 1;
                }
            }
        }

        for (int i = next; i < runs.Count; i++)
        {
            RunCommand(_insertRun!, subject, runs[i].First, runs[i].Count);
        }
    }

    private static void RunCommand(SqliteCommand command, string subject, ulong firstLeaf, ulong leafCount)
    {
        command.Parameters["$subject"].Value = subject;
        command.Parameters["$firstLeaf"].Value = checked((long)firstLeaf);
        command.Parameters["$leafCount"].Value = checked((long)leafCount);
        command.ExecuteNonQuery();
    }

    private void Fingerprint(string entryId, Span<byte> fingerprint)
    {
        int length = Encoding.UTF8.GetByteCount(entryId);
        Span<byte> utf8 = length <= 512 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(entryId, utf8);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_fingerprintKey, utf8, hash);
        hash[..FingerprintLength].CopyTo(fingerprint);
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
    /// Until it is complete every lookup reads the file; ids added meanwhile set their bits as they are added.
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

    private void Close()
    {
        _closes++;
        _filterLoad?.Cancel();
        _filterLoad?.Dispose();
        _filterLoad = null;
        _filter = null;
        foreach (SqliteCommand? command in (SqliteCommand?[])[_findLeaf, _putLeaf, _lastRun, _extendRun, _insertRun, _runsFrom, _writePosition])
        {
            command?.Dispose();
        }

        _findLeaf = _putLeaf = _lastRun = _extendRun = _insertRun = _runsFrom = _writePosition = null;
        _connection?.Dispose();
        _connection = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Filling the in-memory filter of {Path} failed; every id is looked up in the file")]
    private static partial void LogFilterFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sequencer's index {Path} cannot be read ({Reason}); it is created empty and rebuilt from the log")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);

    /// <summary>A Bloom filter over fingerprints (already keyed and uniform): 7 probes from their two 64-bit halves.</summary>
    private sealed class FingerprintFilter(long bits)
    {
        private const int Probes = 7;
        private readonly long[] _words = new long[(bits + 63) / 64];

        private volatile bool _complete;

        /// <summary>Whether every id of the file has been added.</summary>
        public bool Complete
        {
            get => _complete;
            set => _complete = value;
        }

        public void Add(ReadOnlySpan<byte> fingerprint)
        {
            (ulong first, ulong step) = Halves(fingerprint);
            ulong size = (ulong)_words.Length * 64;
            for (int i = 0; i < Probes; i++)
            {
                ulong bit = (first + ((ulong)i * step)) % size;
                Interlocked.Or(ref _words[bit >> 6], 1L << (int)(bit & 63));
            }
        }

        public bool MayContain(ReadOnlySpan<byte> fingerprint)
        {
            (ulong first, ulong step) = Halves(fingerprint);
            ulong size = (ulong)_words.Length * 64;
            for (int i = 0; i < Probes; i++)
            {
                ulong bit = (first + ((ulong)i * step)) % size;
                if ((Volatile.Read(ref _words[bit >> 6]) & (1L << (int)(bit & 63))) == 0)
                {
                    return false;
                }
            }

            return true;
        }

        private static (ulong First, ulong Step) Halves(ReadOnlySpan<byte> fingerprint) =>
            (BinaryPrimitives.ReadUInt64LittleEndian(fingerprint), BinaryPrimitives.ReadUInt64LittleEndian(fingerprint[8..]) | 1);
    }
}
