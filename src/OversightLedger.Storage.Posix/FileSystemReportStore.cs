using System.Security.Cryptography;
using OversightLedger.Grains.Reports;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Storage.Posix;

/// <summary>
/// Report files in a directory (the embedded profile: <c>data/reports</c>), one file per SHA-256, written crash-safely:
/// temporary file, fsync, rename, directory fsync. Reads check the hash, so a damaged file is never served.
/// </summary>
public sealed class FileSystemReportStore(string directory) : IReportStore
{
    /// <inheritdoc/>
    public async Task<string> PutAsync(byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        string hash = Convert.ToHexStringLower(SHA256.HashData(content));
        string path = PathOf(hash);
        if (File.Exists(path))
        {
            return hash;
        }

        Directory.CreateDirectory(directory);
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(content, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        PosixDirectorySync.Sync(directory);
        return hash;
    }

    /// <inheritdoc/>
    public async Task<byte[]?> GetAsync(string sha256Hex, CancellationToken cancellationToken = default)
    {
        if (sha256Hex.Length != 64 || !sha256Hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return null;
        }

        string path = PathOf(sha256Hex);
        if (!File.Exists(path))
        {
            return null;
        }

        byte[] content = await File.ReadAllBytesAsync(path, cancellationToken);
        return Convert.ToHexStringLower(SHA256.HashData(content)) == sha256Hex
            ? content
            : throw new InvalidDataException($"The report file {path} does not hash to its name.");
    }

    private string PathOf(string hash) => Path.Combine(directory, hash);
}
