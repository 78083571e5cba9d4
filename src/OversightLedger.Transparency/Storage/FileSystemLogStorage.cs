using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Storage;

/// <summary>
/// A log in a directory, in the tlog-tiles layout, so it can be served statically as it is.
/// Every file is written to a temporary name and renamed into place, so a reader sees the old file or the new one,
/// never half of one, and each file and its directory are fsynced before the checkpoint that covers them. (The server
/// writes its log through <see cref="JournaledLogStorage"/> instead, which makes a commit durable with one journal record.)
/// </summary>
public sealed class FileSystemLogStorage : ILogStorage
{
    private const int ParallelWrites = 8;
    private const int MaxKnownDirectories = 4096;

    // The checkpoint is replaced by swapping names with one of these prepared files (RENAME_EXCHANGE), never by renaming
    // over it: no inode is unlinked per commit (each unlinked inode made ext4 file creation scan past it for seconds, up
    // to ~18 % of the server's CPU under load). A file swapped out is rewritten only this many commits later, so a reader
    // that opened it as the checkpoint has long finished; in-process readers also check it did not change under them.
    private const int CheckpointStandbys = 8;
    private int _nextStandby;
    private volatile bool _exchangeUnavailable;
    private readonly string _root;
    private bool _checkedForJournal;

    // Directories this instance has seen exist, so a commit does not ask the file system again for each tile's folder
    // (a stat or a mkdir per file was ~5 % of the server's CPU under load). Commits are one at a time; the lock is for safety.
    private readonly HashSet<string> _knownDirectories = new(StringComparer.Ordinal);

    /// <summary>A log rooted at <paramref name="directory"/> (the folder that holds <c>checkpoint</c> and <c>tile/</c>).</summary>
    public FileSystemLogStorage(string directory)
    {
        _root = Path.GetFullPath(directory);
    }

    /// <summary>A log written only through <see cref="JournaledLogStorage"/>, which replays and owns its journal.</summary>
    internal FileSystemLogStorage(string directory, bool ownedByJournal)
        : this(directory)
    {
        _checkedForJournal = ownedByJournal;
    }

    /// <inheritdoc/>
    public string Location => _root;

    /// <inheritdoc/>
    public async ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            string full = FullPath(path);
            return path == TilePath.Checkpoint
                ? await ReadUnchangedAsync(full, cancellationToken).ConfigureAwait(false)
                : await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The checkpoint's temporary file is written and fsynced while the tiles are, and renamed into place
    /// only after every tile is renamed and every directory that changed is fsynced: three fsync round trips
    /// on the critical path instead of five, without ever exposing a checkpoint ahead of its tiles.
    /// </remarks>
    public async Task CommitAsync(IReadOnlyCollection<TileFile> tiles, ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken = default)
    {
        RefuseIfJournaled();
        await WriteFilesAsync([.. tiles.Select(tile => (tile.Path, tile.Data))], checkpoint, durable: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A plain writer must not commit to a server's log: besides racing the server, the server's next start would replay its
    /// journal over the plain writer's commits and bring back the older checkpoint the journal holds.
    /// </summary>
    private void RefuseIfJournaled()
    {
        if (_checkedForJournal)
        {
            return;
        }

        if (LogJournal.Find(_root).Count > 0)
        {
            throw new InvalidOperationException(
                $"{_root} is a server's log (it holds the server's write-ahead journal, {LogJournal.FilePrefix}*): only the server writes to it.");
        }

        _checkedForJournal = true;
    }

    /// <summary>
    /// Writes the tiles, then the checkpoint if there is one; with <paramref name="durable"/>, each fsynced with its
    /// directory before the checkpoint is.
    /// </summary>
    internal async Task WriteFilesAsync(IReadOnlyCollection<(string Path, byte[] Data)> tiles, ReadOnlyMemory<byte>? checkpoint, bool durable, CancellationToken cancellationToken)
    {
        var directories = new HashSet<string>(StringComparer.Ordinal);
        lock (_knownDirectories)
        {
            if (_knownDirectories.Count == 0 || _knownDirectories.Count > MaxKnownDirectories)
            {
                _knownDirectories.Clear();
                Directory.CreateDirectory(_root);
                _knownDirectories.Add(_root);
            }

            foreach ((string path, byte[] _) in tiles)
            {
                CreateDirectories(Path.GetDirectoryName(FullPath(path))!, directories);
            }
        }

        string checkpointPath = FullPath(TilePath.Checkpoint);
        string? standby = _exchangeUnavailable || checkpoint is null ? null : Path.Combine(_root, $".checkpoint.standby.{_nextStandby++ % CheckpointStandbys}");
        Task<string?> preparedCheckpoint = checkpoint is ReadOnlyMemory<byte> content
            ? PrepareCheckpointAsync(checkpointPath, standby, content, durable, cancellationToken)
            : Task.FromResult<string?>(null);
        try
        {
            await Parallel.ForEachAsync(
                tiles,
                new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites, CancellationToken = cancellationToken },
                async (tile, ct) =>
                {
                    string path = FullPath(tile.Path);
                    File.Move(await WriteTemporaryAsync(path, tile.Data, durable, ct).ConfigureAwait(false), path, overwrite: true);
                }).ConfigureAwait(false);
            if (durable)
            {
                Parallel.ForEach(directories, new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites }, PosixDirectorySync.Sync);
            }
        }
        catch
        {
            await DiscardAsync(preparedCheckpoint).ConfigureAwait(false);
            throw;
        }

        if (await preparedCheckpoint.ConfigureAwait(false) is not string prepared)
        {
            return;
        }

        if (standby is null || !PosixRenameExchange.TrySwap(prepared, checkpointPath))
        {
            // No checkpoint yet to swap with (the first commit), or no RENAME_EXCHANGE here: rename over it.
            _exchangeUnavailable |= standby is not null && File.Exists(checkpointPath);
            File.Move(prepared, checkpointPath, overwrite: true);
        }

        if (durable)
        {
            PosixDirectorySync.Sync(_root);
        }
    }

    /// <summary>Writes the new checkpoint to <paramref name="standby"/>, or to a temporary file when there is none; returns its name.</summary>
    private static async Task<string?> PrepareCheckpointAsync(string checkpointPath, string? standby, ReadOnlyMemory<byte> checkpoint, bool durable, CancellationToken cancellationToken) =>
        standby is null
            ? await WriteTemporaryAsync(checkpointPath, checkpoint, durable, cancellationToken).ConfigureAwait(false)
            : await WriteStandbyAsync(standby, checkpoint, durable, cancellationToken).ConfigureAwait(false);

    /// <summary>Rewrites the reusable file <paramref name="standby"/> with <paramref name="data"/> (fsynced if <paramref name="durable"/>); returns its name.</summary>
    private static async Task<string> WriteStandbyAsync(string standby, ReadOnlyMemory<byte> data, bool durable, CancellationToken cancellationToken)
    {
        // Shared, not exclusive: .NET takes an advisory lock for FileShare.None, and a reader may still hold this file
        // open from when it was the checkpoint (its read is then retried, see ReadUnchangedAsync).
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete };
        await using (var stream = new FileStream(standby, options))
        {
            stream.SetLength(0);
            await stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: durable);
        }

        return standby;
    }

    /// <summary>
    /// Reads a file that may be swapped out and rewritten meanwhile (the checkpoint): reads it whole through one handle
    /// and answers only if its length and last write time were the same before and after, else reads again.
    /// </summary>
    private static async Task<byte[]> ReadUnchangedAsync(string path, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            using Microsoft.Win32.SafeHandles.SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            DateTime writtenBefore = File.GetLastWriteTimeUtc(handle);
            long length = RandomAccess.GetLength(handle);
            byte[] bytes = new byte[length];
            int read = 0;
            while (read < bytes.Length)
            {
                int n = await RandomAccess.ReadAsync(handle, bytes.AsMemory(read), read, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            if ((read == length && RandomAccess.GetLength(handle) == length && File.GetLastWriteTimeUtc(handle) == writtenBefore) || attempt == 10)
            {
                return read == length ? bytes : bytes[..read];
            }
        }
    }

    /// <summary>Writes <paramref name="data"/> to a new temporary file beside <paramref name="path"/> (fsynced if <paramref name="durable"/>); returns its name.</summary>
    private static async Task<string> WriteTemporaryAsync(string path, ReadOnlyMemory<byte> data, bool durable, CancellationToken cancellationToken)
    {
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, PreallocationSize = data.Length };
            await using (var stream = new FileStream(temporary, options))
            {
                await stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: durable);
            }

            return temporary;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static async Task DiscardAsync(Task<string?> prepared)
    {
        try
        {
            if (await prepared.ConfigureAwait(false) is string path)
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            // The temporary file was never made or cannot be removed: it is never read, only ignored.
        }
    }

    /// <summary>Creates the directory and its missing parents, remembering each parent whose entries changed.</summary>
    private void CreateDirectories(string directory, HashSet<string> changed)
    {
        changed.Add(directory);
        if (_knownDirectories.Contains(directory) || Directory.Exists(directory))
        {
            _knownDirectories.Add(directory);
            return;
        }

        string? parent = Path.GetDirectoryName(directory);
        if (parent is not null && parent.Length >= _root.Length)
        {
            CreateDirectories(parent, changed);
        }

        Directory.CreateDirectory(directory);
        _knownDirectories.Add(directory);
        if (parent is not null)
        {
            changed.Add(parent);
        }
    }

    private string FullPath(string path)
    {
        string full = Path.GetFullPath(Path.Combine(_root, path));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is outside the log directory.", nameof(path));
        }

        return full;
    }
}
