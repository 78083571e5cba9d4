using System.Globalization;
using OversightLedger.Grains.Witnesses;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Storage.Posix;

/// <summary>
/// The embedded profile's cosignature notes: one file per cosigned checkpoint in a directory (<c>data/witness/</c>),
/// <c>&lt;size&gt;.&lt;hex root&gt;.note</c>, each replaced atomically (temporary file, fsync, rename, directory fsync).
/// This process is the only writer, and the server's <c>CosignatureStore</c> serialises its updates, so what it read or
/// wrote stays true (<see cref="Freshness"/> is infinite). Temporary files a crash left behind are removed on first use.
/// </summary>
public sealed class FileCosignatureFiles(string directory) : ICosignatureFiles
{
    private const string NoteSuffix = ".note";
    private const string TemporarySuffix = ".tmp";
    private int _cleanedUp;

    /// <inheritdoc/>
    public TimeSpan Freshness => Timeout.InfiniteTimeSpan;

    /// <inheritdoc/>
    public async Task<byte[]?> ReadAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(checkpoint), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<byte[]?> ReadLatestAsync(CancellationToken cancellationToken)
    {
        CleanUpOnce();
        if (!Directory.Exists(directory))
        {
            return null;
        }

        string? newest = Directory.EnumerateFiles(directory, "*" + NoteSuffix)
            .Select(path => (Path: path, Size: SizeOf(path)))
            .Where(file => file.Size is not null)
            .MaxBy(file => file.Size)
            .Path;
        return newest is null ? null : await File.ReadAllBytesAsync(newest, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<byte[]> UpdateAsync(Checkpoint checkpoint, Func<byte[]?, byte[]> merge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(merge);
        CleanUpOnce();
        byte[]? stored = await ReadAsync(checkpoint, cancellationToken);
        byte[] merged = merge(stored);
        if (stored is not null && stored.AsSpan().SequenceEqual(merged))
        {
            return stored;
        }

        await WriteAtomicallyAsync(PathOf(checkpoint), merged, cancellationToken);
        return merged;
    }

    private string PathOf(Checkpoint checkpoint) =>
        Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{checkpoint.Size}.{checkpoint.Root.ToHex()}{NoteSuffix}"));

    private static ulong? SizeOf(string path) =>
        ulong.TryParse(Path.GetFileName(path).Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong size) ? size : null;

    /// <summary>Removes temporary files a crash left behind, once per instance.</summary>
    private void CleanUpOnce()
    {
        if (Interlocked.Exchange(ref _cleanedUp, 1) == 1 || !Directory.Exists(directory))
        {
            return;
        }

        foreach (string temporary in Directory.EnumerateFiles(directory, "*" + TemporarySuffix))
        {
            File.Delete(temporary);
        }
    }

    private async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            PosixDirectorySync.Sync(Path.GetDirectoryName(Path.GetFullPath(directory))!);
        }

        string temporary = $"{path}.{Guid.NewGuid():N}{TemporarySuffix}";
        try
        {
            await using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None }))
            {
                await stream.WriteAsync(bytes, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        PosixDirectorySync.Sync(directory);
    }
}
