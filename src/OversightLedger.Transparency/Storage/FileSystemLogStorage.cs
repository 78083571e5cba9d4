using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Storage;

/// <summary>
/// A log in a directory, in the tlog-tiles layout, so it can be served statically as it is.
/// Every file is written to a temporary name and renamed into place, so a reader sees the old file or the new one,
/// never half of one, and each file and its directory are fsynced before the checkpoint that covers them. (The server
/// writes its log through <c>JournaledLogStorage</c> (<c>OversightLedger.Storage.Posix</c>) instead, which makes a commit durable with one journal record.)
/// </summary>
public sealed class FileSystemLogStorage : ILogStorage
{
    private const int ParallelWrites = 8;
    private const int MaxKnownDirectories = 4096;

    // What earlier versions left in the root (they rewrote these files in place, and swapped one with the checkpoint per commit).
    private const string RetiredStandbyPattern = ".checkpoint.standby.*";
    private bool _retiredStandbysRemoved;
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

    /// <summary>A log written only through <c>JournaledLogStorage</c>, which replays and owns its journal.</summary>
    internal FileSystemLogStorage(string directory, bool ownedByJournal)
        : this(directory)
    {
        _checkedForJournal = ownedByJournal;
    }

    /// <inheritdoc/>
    public string Location => _root;

    /// <inheritdoc/>
    /// <remarks>
    /// Needs no retry or check, for the checkpoint too: no file that has had a log's name is ever written again (a new
    /// one is renamed over it), so whatever file a reader opens — in this process or another — holds one whole commit.
    /// </remarks>
    public async ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            return await File.ReadAllBytesAsync(FullPath(path), cancellationToken).ConfigureAwait(false);
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

        if (LogJournalFiles.Find(_root).Count > 0)
        {
            throw new InvalidOperationException(
                $"{_root} is a server's log (it holds the server's write-ahead journal, {LogJournalFiles.FilePrefix}*): only the server writes to it.");
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
        Task<string?> preparedCheckpoint = PrepareCheckpointAsync(checkpointPath, checkpoint, durable, cancellationToken);
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

        // A new file renamed over the old one, never the old one rewritten: a reader may hold the old file open for any
        // time (preempted on a loaded machine, a static file server streaming it), and must find it whole and unchanged.
        File.Move(prepared, checkpointPath, overwrite: true);
        RemoveRetiredStandbys();
        if (durable)
        {
            PosixDirectorySync.Sync(_root);
        }
    }

    /// <summary>Writes the new checkpoint, if there is one, to a temporary file beside <paramref name="checkpointPath"/>; returns its name.</summary>
    private static async Task<string?> PrepareCheckpointAsync(string checkpointPath, ReadOnlyMemory<byte>? checkpoint, bool durable, CancellationToken cancellationToken) =>
        checkpoint is ReadOnlyMemory<byte> content ? await WriteTemporaryAsync(checkpointPath, content, durable, cancellationToken).ConfigureAwait(false) : null;

    /// <summary>Deletes, once per instance, the standby files earlier versions kept beside the checkpoint.</summary>
    private void RemoveRetiredStandbys()
    {
        if (_retiredStandbysRemoved)
        {
            return;
        }

        foreach (string retired in Directory.EnumerateFiles(_root, RetiredStandbyPattern))
        {
            File.Delete(retired);
        }

        _retiredStandbysRemoved = true;
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
