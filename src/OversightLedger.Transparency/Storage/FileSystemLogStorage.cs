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
    private readonly string _root;

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
    public async Task WriteTilesAsync(IReadOnlyCollection<TileFile> tiles, CancellationToken cancellationToken = default)
    {
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (TileFile tile in tiles)
        {
            CreateDirectories(Path.GetDirectoryName(FullPath(tile.Path))!, directories);
        }

        await Parallel.ForEachAsync(
            tiles,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites, CancellationToken = cancellationToken },
            async (tile, ct) => await WriteFileAsync(FullPath(tile.Path), tile.Data, ct).ConfigureAwait(false)).ConfigureAwait(false);

        foreach (string directory in directories)
        {
            PosixDirectorySync.Sync(directory);
        }
    }

    /// <inheritdoc/>
    public async Task WriteCheckpointAsync(ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(_root);
        await WriteFileAsync(FullPath(TilePath.Checkpoint), checkpoint, cancellationToken).ConfigureAwait(false);
        PosixDirectorySync.Sync(_root);
    }

    private static async Task WriteFileAsync(string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
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

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Creates the directory and its missing parents, remembering each parent whose entries changed.</summary>
    private void CreateDirectories(string directory, HashSet<string> changed)
    {
        changed.Add(directory);
        if (Directory.Exists(directory))
        {
            return;
        }

        string? parent = Path.GetDirectoryName(directory);
        if (parent is not null && parent.Length >= _root.Length)
        {
            CreateDirectories(parent, changed);
        }

        Directory.CreateDirectory(directory);
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
