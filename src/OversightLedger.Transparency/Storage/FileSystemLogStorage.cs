using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Storage;

/// <summary>
/// A log in a directory, in the tlog-tiles layout, so it can be served statically as it is.
/// Every file is written to a temporary name, fsynced, renamed into place, and its directory fsynced:
/// a reader or a crash sees the old file or the new one, never half of one.
/// </summary>
public sealed class FileSystemLogStorage : ILogStorage
{
    private const int ParallelWrites = 8;
    private const int MaxKnownDirectories = 4096;
    private readonly string _root;

    // Directories this instance has seen exist, so a commit does not ask the file system again for each tile's folder
    // (a stat or a mkdir per file was ~5 % of the server's CPU under load). Commits are one at a time; the lock is for safety.
    private readonly HashSet<string> _knownDirectories = new(StringComparer.Ordinal);

    /// <summary>A log rooted at <paramref name="directory"/> (the folder that holds <c>checkpoint</c> and <c>tile/</c>).</summary>
    public FileSystemLogStorage(string directory)
    {
        _root = Path.GetFullPath(directory);
    }

    /// <inheritdoc/>
    public string Location => _root;

    /// <inheritdoc/>
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
        var directories = new HashSet<string>(StringComparer.Ordinal);
        lock (_knownDirectories)
        {
            if (_knownDirectories.Count == 0 || _knownDirectories.Count > MaxKnownDirectories)
            {
                _knownDirectories.Clear();
                Directory.CreateDirectory(_root);
                _knownDirectories.Add(_root);
            }

            foreach (TileFile tile in tiles)
            {
                CreateDirectories(Path.GetDirectoryName(FullPath(tile.Path))!, directories);
            }
        }

        string checkpointPath = FullPath(TilePath.Checkpoint);
        Task<string> preparedCheckpoint = WriteTemporaryAsync(checkpointPath, checkpoint, cancellationToken);
        try
        {
            await Parallel.ForEachAsync(
                tiles,
                new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites, CancellationToken = cancellationToken },
                async (tile, ct) =>
                {
                    string path = FullPath(tile.Path);
                    File.Move(await WriteTemporaryAsync(path, tile.Data, ct).ConfigureAwait(false), path, overwrite: true);
                }).ConfigureAwait(false);
            Parallel.ForEach(directories, new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites }, PosixDirectorySync.Sync);
        }
        catch
        {
            await DiscardAsync(preparedCheckpoint).ConfigureAwait(false);
            throw;
        }

        File.Move(await preparedCheckpoint.ConfigureAwait(false), checkpointPath, overwrite: true);
        PosixDirectorySync.Sync(_root);
    }

    /// <summary>Writes <paramref name="data"/> to a new temporary file beside <paramref name="path"/>, fsynced; returns its name.</summary>
    private static async Task<string> WriteTemporaryAsync(string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, PreallocationSize = data.Length };
            await using (var stream = new FileStream(temporary, options))
            {
                await stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            return temporary;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static async Task DiscardAsync(Task<string> prepared)
    {
        try
        {
            File.Delete(await prepared.ConfigureAwait(false));
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
