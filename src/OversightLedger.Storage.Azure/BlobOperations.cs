using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace OversightLedger.Storage.Azure;

/// <summary>The two blob steps every store here repeats: read a blob with its ETag, and create the container once.</summary>
internal static class BlobOperations
{
    /// <summary>The blob's bytes and ETag, or null bytes when the blob or its container does not exist.</summary>
    public static async Task<(byte[]? Bytes, ETag Version)> DownloadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            Response<BlobDownloadResult> response = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return (response.Value.Content.ToArray(), response.Value.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, default);
        }
    }

    /// <summary>
    /// Creates <paramref name="container"/> if it does not exist, once per store: <paramref name="created"/> remembers the
    /// attempt, and a failed or cancelled one is tried again.
    /// </summary>
    public static Task EnsureCreatedAsync(BlobContainerClient container, ref Task? created, CancellationToken cancellationToken)
    {
        Task? attempt = Volatile.Read(ref created);
        if (attempt is null || attempt.IsFaulted || attempt.IsCanceled)
        {
            attempt = container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            Volatile.Write(ref created, attempt);
        }

        return attempt;
    }
}
