using System.Collections.Concurrent;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Storage.Posix;

/// <summary>
/// The server's file log: the same directory layout as <see cref="FileSystemLogStorage"/>, written by its one writer
/// with a write-ahead journal (<see cref="LogJournal"/>). A commit is durable once its journal record is (one
/// <c>fdatasync</c>); full tiles and bundles then go to their files, while partial tiles and bundles and the checkpoint
/// are served from memory and written to the directory about once a second (the widest partial of each tile and the
/// checkpoint, before the journal rotates; by the next commit, or by a timer when commits stop), and when the storage is
/// closed (every partial still held).
/// </summary>
/// <remarks>
/// <para>Why: every commit of the plain file log created two or three files and synced them and their directories
/// (~6 <c>openat</c> and ~6 <c>fsync</c> per batch, a quarter of the server's CPU under load, mostly ext4 allocating
/// inodes). Here a commit creates a file only when it completes a tile.</para>
/// <para>Readers through this instance (the server's <c>/log/</c>) see each commit as soon as it is durable. The
/// directory itself is always a consistent log — its checkpoint's tiles are there — at most about a second behind.
/// Partial tiles of earlier sizes are kept in memory until their tile is full, so a client that read an earlier
/// checkpoint still finds them; after a crash those of the sizes that were never written to the directory are gone (a
/// client then reads the checkpoint again), while everything committed is replayed from the journal.</para>
/// </remarks>
public sealed class JournaledLogStorage : ILogStorage, IAsyncDisposable
{
    private const string PartialMarker = ".p/";
    private readonly FileSystemLogStorage _files;
    private readonly LogJournal _journal;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Partial tiles and bundles (by path) and the checkpoint that readers get from memory; partials stay until their
    // tile is full on disk.
    private readonly ConcurrentDictionary<string, byte[]> _recent = new(StringComparer.Ordinal);

    // For each tile with partials in memory, the path of its widest partial: what the next write to the directory needs.
    private readonly Dictionary<string, string> _widestPartial = new(StringComparer.Ordinal);

    // The partials in memory that are also in the directory.
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _writingBehind;
    private bool _unwritten;
    private bool _closed;

    private JournaledLogStorage(FileSystemLogStorage files, LogJournal journal, TimeSpan rotateAfter)
    {
        _files = files;
        _journal = journal;
        _writingBehind = WriteBehindAsync(rotateAfter > TimeSpan.Zero ? rotateAfter : TimeSpan.FromMilliseconds(10));
    }

    /// <inheritdoc/>
    public string Location => _files.Location;

    /// <summary>
    /// Opens the log in <paramref name="directory"/> for its one writer: replays the journals a previous writer left (a
    /// crash), so the files are exactly as last committed, and starts a new journal. Where the journal's system calls
    /// are missing (not Linux) this is a plain <see cref="FileSystemLogStorage"/>, which fsyncs every file.
    /// </summary>
    /// <exception cref="IOException">A journal cannot be replayed or started.</exception>
    public static async Task<ILogStorage> OpenAsync(string directory, CancellationToken cancellationToken = default) =>
        LogJournal.IsSupported
            ? await OpenJournaledAsync(directory, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false)
            : new FileSystemLogStorage(directory);

    /// <summary><see cref="OpenAsync"/> on Linux, rotating the journal after <paramref name="rotateAfter"/> (tests).</summary>
    internal static async Task<JournaledLogStorage> OpenJournaledAsync(string directory, TimeSpan rotateAfter, CancellationToken cancellationToken = default)
    {
        var files = new FileSystemLogStorage(directory, ownedByJournal: true);
        string root = files.Location;
        Directory.CreateDirectory(root);
        IReadOnlyList<(long Sequence, string Path)> journals = LogJournalFiles.Find(root);

        // The latest file replayed for each tile, which the next record's files of that tile extend.
        var latest = new Dictionary<string, (string Path, byte[] Data)>(StringComparer.Ordinal);

        // Only the last record's checkpoint is written: each written checkpoint is a new file, and until the last the
        // directory's older checkpoint stays valid (the tiles written meanwhile extend the log beyond it).
        byte[]? replayedCheckpoint = null;
        foreach ((long _, string path) in journals)
        {
            foreach (LogJournal.JournalRecord record in LogJournal.ReadRecords(path))
            {
                var whole = new (string Path, byte[] Data)[record.Files.Count];
                for (int i = 0; i < whole.Length; i++)
                {
                    LogJournal.JournalRecordFile file = record.Files[i];
                    byte[] data = file.BasePath is null ? file.Suffix
                        : [.. (await BaseAsync(file, latest, files, cancellationToken).ConfigureAwait(false)).AsSpan(0, file.BaseLength), .. file.Suffix];
                    whole[i] = (file.Path, data);
                    latest[TileOf(file.Path)] = (file.Path, data);
                }

                await files.WriteFilesAsync(whole, checkpoint: null, durable: false, cancellationToken).ConfigureAwait(false);
                replayedCheckpoint = record.Checkpoint;
            }
        }

        if (replayedCheckpoint is not null)
        {
            await files.WriteFilesAsync([], replayedCheckpoint, durable: false, cancellationToken).ConfigureAwait(false);
        }

        if (journals.Count > 0)
        {
            // The replayed files are on disk before the journals that hold them go.
            PosixDirectorySync.SyncFileSystem(root);
            foreach ((long _, string path) in journals)
            {
                File.Delete(path);
            }
        }

        return new JournaledLogStorage(files, LogJournal.Start(root, journals.Count > 0 ? journals[^1].Sequence : 0, rotateAfter), rotateAfter);
    }

    /// <inheritdoc/>
    public async ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        _recent.TryGetValue(path, out byte[]? recent)
            ? (byte[])recent.Clone()
            : await _files.ReadAsync(path, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The storage was closed.</exception>
    public async Task CommitAsync(IReadOnlyCollection<TileFile> tiles, ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_closed, this);

            // Off the caller's thread: the caller is the log's sequencer grain, and blocking its turn in fdatasync keeps
            // the appends that arrive meanwhile from joining the next batch (group commit fell to ~1 entry per commit).
            LogJournal.JournalFile[] journalled = [.. tiles.Select(Journalled)];
            await Task.Run(() => _journal.Append(journalled, checkpoint), cancellationToken).ConfigureAwait(false);

            // Durable from here on. Partials first, so no reader finds the checkpoint before its tiles.
            var full = new List<(string Path, byte[] Data)>();
            foreach (TileFile tile in tiles)
            {
                string tileOf = TileOf(tile.Path);
                if (tileOf.Length == tile.Path.Length)
                {
                    full.Add((tile.Path, tile.Data));
                    continue;
                }

                _recent[tile.Path] = tile.Data;
                _widestPartial[tileOf] = tile.Path;
            }

            if (full.Count > 0)
            {
                await _files.WriteFilesAsync(full, checkpoint: null, durable: false, cancellationToken).ConfigureAwait(false);
                foreach ((string path, byte[] _) in full)
                {
                    ForgetPartialsOf(path);
                }
            }

            _recent[TilePath.Checkpoint] = checkpoint.ToArray();
            _unwritten = true;
            await WriteBehindIfDueAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Writes every partial still in memory and the checkpoint to the directory, syncs it and deletes the journal: the
    /// directory is then the whole log, as a plain <see cref="FileSystemLogStorage"/> would have left it. Further commits
    /// are refused; reads go on.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            await _closing.CancelAsync().ConfigureAwait(false);
            await WriteToDirectoryAsync(everyPartial: true, CancellationToken.None).ConfigureAwait(false);
            await _journal.CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        await _writingBehind.ConfigureAwait(false);
        _closing.Dispose();
    }

    /// <summary>Writes the latest commit to the directory and rotates the journal now, due or not, and waits for the sync (tests).</summary>
    internal async Task WriteBehindNowAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await WriteToDirectoryAsync(everyPartial: false, CancellationToken.None).ConfigureAwait(false);
            _journal.Rotate();
            _unwritten = false;
        }
        finally
        {
            _gate.Release();
        }

        await _journal.WhenRetiredAsync().ConfigureAwait(false);
    }

    /// <summary>Completes the background sync of the journal's last rotation, if any (tests).</summary>
    internal Task WhenJournalRetiredAsync() => _journal.WhenRetiredAsync();

    /// <summary>When commits stop, writes the last of them to the directory once the journal is due to rotate.</summary>
    private async Task WriteBehindAsync(TimeSpan period)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(_closing.Token).ConfigureAwait(false))
            {
                await _gate.WaitAsync(_closing.Token).ConfigureAwait(false);
                try
                {
                    if (!_closed)
                    {
                        await WriteBehindIfDueAsync().ConfigureAwait(false);
                    }
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closed.
        }
    }

    /// <summary>
    /// Writes the latest commit to the directory and rotates the journal, if there is something to write and the
    /// journal is due. The commits are durable in the journal already: a failure here is left for the next attempt.
    /// </summary>
    private async Task WriteBehindIfDueAsync()
    {
        if (!_unwritten || !_journal.IsRotationDue)
        {
            return;
        }

        try
        {
            await WriteToDirectoryAsync(everyPartial: false, CancellationToken.None).ConfigureAwait(false);
            _journal.Rotate();
            _unwritten = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Kept in the journal and in memory; the next commit or tick tries again.
        }
    }

    private async Task WriteToDirectoryAsync(bool everyPartial, CancellationToken cancellationToken)
    {
        if (!_recent.TryGetValue(TilePath.Checkpoint, out byte[]? checkpoint))
        {
            return; // nothing committed through this instance
        }

        IEnumerable<string> partials = everyPartial ? _recent.Keys.Where(path => path != TilePath.Checkpoint) : _widestPartial.Values;
        (string Path, byte[] Data)[] unwritten = [.. partials.Where(path => !_written.Contains(path)).Select(path => (path, _recent[path]))];
        await _files.WriteFilesAsync(unwritten, checkpoint, durable: false, cancellationToken).ConfigureAwait(false);
        foreach ((string path, byte[] _) in unwritten)
        {
            _written.Add(path);
        }
    }

    /// <summary>The tile a file belongs to: its path without the partial's <c>.p/width</c>.</summary>
    private static string TileOf(string path)
    {
        int marker = path.IndexOf(PartialMarker, StringComparison.Ordinal);
        return marker < 0 ? path : path[..marker];
    }

    /// <summary>The file a replayed file extends: replayed just before, or in the directory.</summary>
    /// <exception cref="InvalidDataException">It is missing or shorter than the journal says.</exception>
    private static async Task<byte[]> BaseAsync(
        LogJournal.JournalRecordFile file, Dictionary<string, (string Path, byte[] Data)> latest, FileSystemLogStorage files, CancellationToken cancellationToken)
    {
        byte[]? data = latest.TryGetValue(TileOf(file.Path), out (string Path, byte[] Data) replayed) && replayed.Path == file.BasePath
            ? replayed.Data
            : await files.ReadAsync(file.BasePath!, cancellationToken).ConfigureAwait(false);
        return data is not null && data.Length >= file.BaseLength ? data
            : throw new InvalidDataException($"The log's journal extends {file.BasePath} ({file.BaseLength} bytes) for {file.Path}, but it is missing or shorter in {files.Location}.");
    }

    /// <summary>A commit's file as journalled: only the bytes after the tile's latest partial when it extends it.</summary>
    private LogJournal.JournalFile Journalled(TileFile tile)
    {
        if (_widestPartial.TryGetValue(TileOf(tile.Path), out string? basePath)
            && _recent.TryGetValue(basePath, out byte[]? baseData)
            && tile.Data.Length >= baseData.Length
            && tile.Data.AsSpan(0, baseData.Length).SequenceEqual(baseData))
        {
            return new LogJournal.JournalFile(tile.Path, tile.Data, new LogJournal.JournalBase(basePath, baseData.Length));
        }

        return new LogJournal.JournalFile(tile.Path, tile.Data, null);
    }

    /// <summary>Drops from memory the partials of a tile that is now full in the directory.</summary>
    private void ForgetPartialsOf(string fullTilePath)
    {
        if (!_widestPartial.Remove(fullTilePath))
        {
            return;
        }

        string prefix = fullTilePath + PartialMarker;
        foreach (string path in _recent.Keys)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                _recent.TryRemove(path, out _);
                _written.Remove(path);
            }
        }
    }
}
