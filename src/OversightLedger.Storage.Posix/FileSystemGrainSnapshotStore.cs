using OversightLedger.Grains.Snapshots;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Storage.Posix;

/// <summary>
/// The embedded profile's snapshots: one file per grain under a directory (<c>data/snapshots/&lt;kind&gt;/&lt;id&gt;.snapshot</c>),
/// written as the log's files are: a unique temporary file, fsync, rename over the old one, directory fsync.
/// </summary>
public sealed class FileSystemGrainSnapshotStore(string directory) : IGrainSnapshotStore
{
    private const string Extension = ".snapshot";

    /// <inheritdoc/>
    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        string path = PathOf(name);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public Task WriteAsync(string name, ReadOnlyMemory<byte> snapshot, CancellationToken cancellationToken = default) =>
        WriteStreamedAsync(name, (stream, cancel) => stream.WriteAsync(snapshot, cancel).AsTask(), cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// The content goes to a unique temporary file beside the snapshot, which is fsynced and renamed over it (then the
    /// directory is fsynced); a failure or a crash before the rename leaves the previous file (a crash may leave the
    /// temporary one, which no name reads).
    /// </remarks>
    public async Task WriteStreamedAsync(string name, Func<Stream, CancellationToken, Task> writeContent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writeContent);
        string path = PathOf(name);
        string folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await writeContent(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        PosixDirectorySync.Sync(folder);
    }

    /// <summary>The file of a snapshot name (<c>kind/escaped-id</c>); a name that would leave the directory is refused.</summary>
    private string PathOf(string name)
    {
        string path = Path.GetFullPath(Path.Combine(directory, name + Extension));
        string root = Path.GetFullPath(directory) + Path.DirectorySeparatorChar;
        return path.StartsWith(root, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException($"The snapshot name '{name}' leaves the snapshot directory.", nameof(name));
    }
}
