using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace OversightLedger.Storage.Azure;

/// <summary>
/// The azure profile's grain state snapshots (issue 17): one blob per grain in one container every silo shares, named
/// <c>&lt;name&gt;.snapshot</c>. A blob upload replaces the blob whole or not at all (a single put, or a block list
/// committed at once), so a silo that dies mid-write leaves the previous snapshot. Knows no grain types; the snapshots'
/// content and its checks are the grains' (<c>GrainSnapshot</c>).
/// </summary>
public sealed class BlobSnapshotStore
{
    private const string Extension = ".snapshot";
    private readonly BlobContainerClient _container;
    private Task? _containerCreated;

    /// <summary>Snapshots in <paramref name="container"/> (any credential); the container is created when missing.</summary>
    public BlobSnapshotStore(BlobContainerClient container)
    {
        ArgumentNullException.ThrowIfNull(container);
        _container = container;
    }

    /// <summary>The snapshot stored under <paramref name="name"/>, or null when there is none.</summary>
    public async Task<byte[]?> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        (byte[]? bytes, _) = await BlobOperations.DownloadAsync(Blob(name), cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>Replaces the snapshot under <paramref name="name"/> with <paramref name="snapshot"/>, whole.</summary>
    public async Task WriteAsync(string name, ReadOnlyMemory<byte> snapshot, CancellationToken cancellationToken = default)
    {
        BlobClient blob = Blob(name);
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(snapshot), overwrite: true, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            await BlobOperations.EnsureCreatedAsync(_container, ref _containerCreated, cancellationToken).ConfigureAwait(false);
            await blob.UploadAsync(BinaryData.FromBytes(snapshot), overwrite: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Replaces the snapshot under <paramref name="name"/> with what <paramref name="writeContent"/> writes, streamed: it is
    /// staged in blocks of 4 MiB and committed as the blob's content only once <paramref name="writeContent"/> finished;
    /// if it throws (or the process dies first), the blob stays as it was.
    /// </summary>
    public async Task WriteStreamedAsync(string name, Func<Stream, CancellationToken, Task> writeContent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writeContent);
        BlockBlobClient blob = _container.GetBlockBlobClient(Blob(name).Name);
        await BlobOperations.EnsureCreatedAsync(_container, ref _containerCreated, cancellationToken).ConfigureAwait(false);
        await using var staging = new BlockStagingStream(blob);
        await writeContent(staging, cancellationToken).ConfigureAwait(false);
        await staging.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private BlobClient Blob(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _container.GetBlobClient(name + Extension);
    }
}
