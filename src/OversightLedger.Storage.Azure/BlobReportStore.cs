using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace OversightLedger.Storage.Azure;

/// <summary>
/// Published report files in one Azure Blob Storage container (the azure profile's report store, so that a report one
/// silo published is served by every silo), one blob per file named by its SHA-256 (lowercase hex). A blob is created
/// only if absent (<c>If-None-Match: *</c>), so a stored file never changes: storing the same bytes again (a retry, a
/// second silo publishing the same quarter) finds them and succeeds. Reads check the hash, so a damaged blob is never
/// served. The same contract as the embedded profile's <c>FileSystemReportStore</c> (<c>IReportStore</c>).
/// </summary>
public sealed class BlobReportStore
{
    private readonly BlobContainerClient _container;
    private Task? _containerCreated;

    /// <summary>Report files in <paramref name="container"/> (any credential); the container is created when missing.</summary>
    public BlobReportStore(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
    }

    /// <summary>Report files in the container <paramref name="containerName"/> of the account in <paramref name="connectionString"/>.</summary>
    /// <exception cref="ArgumentException">The connection string or container name is missing.</exception>
    public BlobReportStore(string connectionString, string containerName)
        : this(new BlobContainerClient(
            string.IsNullOrWhiteSpace(connectionString) ? throw new ArgumentException("A connection string is required.", nameof(connectionString)) : connectionString,
            string.IsNullOrWhiteSpace(containerName) ? throw new ArgumentException("A container name is required.", nameof(containerName)) : containerName))
    {
    }

    /// <summary>
    /// Stores <paramref name="content"/> under its SHA-256 (hex) unless a blob of that name already holds it; returns
    /// the hash. A blob of that name whose bytes do not hash to it (damaged) is replaced, conditionally on its ETag.
    /// </summary>
    public async Task<string> PutAsync(byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        string hash = HashOf(content);
        BlobClient blob = _container.GetBlobClient(hash);
        var conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
        for (int attempt = 0; attempt < 4; attempt++)
        {
            try
            {
                await blob.UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false);
                return hash;
            }
            catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                await BlobOperations.EnsureCreatedAsync(_container, ref _containerCreated, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (RequestFailedException e) when (e.Status == 412 || (e.Status == 409 && e.ErrorCode == BlobErrorCode.BlobAlreadyExists))
            {
                // Someone stored a file under this name first: fine when it is this file.
            }

            (byte[]? stored, ETag version) = await BlobOperations.DownloadAsync(blob, cancellationToken).ConfigureAwait(false);
            if (stored is not null && HashOf(stored) == hash)
            {
                return hash;
            }

            conditions = stored is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = version };
        }

        throw new InvalidOperationException($"The report blob {blob.Uri} kept changing while it was stored: something else writes this container.");
    }

    /// <summary>The file with this SHA-256 (lowercase hex), or null when the container does not hold it.</summary>
    /// <exception cref="InvalidDataException">The blob's bytes do not hash to its name.</exception>
    public async Task<byte[]?> GetAsync(string sha256Hex, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sha256Hex);
        if (sha256Hex.Length != 64 || !sha256Hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return null;
        }

        BlobClient blob = _container.GetBlobClient(sha256Hex);
        (byte[]? content, _) = await BlobOperations.DownloadAsync(blob, cancellationToken).ConfigureAwait(false);
        return content is null || HashOf(content) == sha256Hex
            ? content
            : throw new InvalidDataException($"The report blob {blob.Uri} does not hash to its name.");
    }

    private static string HashOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
