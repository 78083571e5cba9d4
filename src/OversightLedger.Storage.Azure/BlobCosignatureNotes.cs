using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Storage.Azure;

/// <summary>
/// The witnesses' cosigned checkpoint notes in one Azure Blob Storage container, shared by every silo of the azure
/// profile: one blob per cosigned checkpoint, <c>&lt;size&gt;.&lt;hex root&gt;.note</c> (the log's note followed by the
/// cosignature lines, as the embedded profile's files), and a blob <c>latest</c> naming the newest of them.
/// <list type="bullet">
/// <item>A note changes only by read-modify-write: <see cref="UpdateAsync"/> reads the blob and its ETag, lets the
/// caller merge its lines into what is stored, and writes the result only if the blob is still that version
/// (<c>If-Match</c>, or <c>If-None-Match: *</c> when there was none); when another silo wrote in between (412, or 409
/// on creation) it reads again and merges again. So two silos adding different witnesses' lines to one checkpoint
/// cannot lose either line.</item>
/// <item>After the note is stored, <c>latest</c> is moved forward the same way (only ever to a larger checkpoint), so
/// <see cref="ReadLatestAsync"/> costs two reads however many checkpoints were cosigned, without listing.</item>
/// </list>
/// The bytes are the caller's business (this class does not check signatures): the server opens them with the log's key.
/// </summary>
public sealed class BlobCosignatureNotes
{
    /// <summary>The name of the blob that names the newest cosigned checkpoint's blob.</summary>
    public const string LatestBlobName = "latest";

    private const string NoteSuffix = ".note";
    private readonly BlobContainerClient _container;
    private readonly BlobClient _latest;
    private readonly int _maxAttempts;
    private Task? _containerCreated;

    /// <summary>Notes in <paramref name="container"/> (any credential; created when missing), giving up a contended write after <paramref name="maxAttempts"/> tries.</summary>
    public BlobCosignatureNotes(BlobContainerClient container, int maxAttempts = 32)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _container = container;
        _latest = container.GetBlobClient(LatestBlobName);
        _maxAttempts = maxAttempts;
    }

    /// <summary>The blob name of <paramref name="checkpoint"/>'s note: <c>&lt;size&gt;.&lt;hex root&gt;.note</c>.</summary>
    public static string BlobNameOf(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return string.Create(CultureInfo.InvariantCulture, $"{checkpoint.Size}.{checkpoint.Root.ToHex()}{NoteSuffix}");
    }

    /// <summary>The note stored for <paramref name="checkpoint"/>, or null when it has none.</summary>
    public async Task<byte[]?> ReadAsync(Checkpoint checkpoint, CancellationToken cancellationToken = default) =>
        (await BlobOperations.DownloadAsync(_container.GetBlobClient(BlobNameOf(checkpoint)), cancellationToken).ConfigureAwait(false)).Bytes;

    /// <summary>The note of the newest (largest) checkpoint stored, or null when none is.</summary>
    public async Task<byte[]?> ReadLatestAsync(CancellationToken cancellationToken = default)
    {
        (byte[]? pointer, _) = await BlobOperations.DownloadAsync(_latest, cancellationToken).ConfigureAwait(false);
        if (pointer is null)
        {
            return null;
        }

        string name = Encoding.UTF8.GetString(pointer).Trim();
        if (SizeOf(name) is null)
        {
            throw new InvalidDataException($"The blob {_latest.Uri} does not name a checkpoint's note: '{name}'.");
        }

        return (await BlobOperations.DownloadAsync(_container.GetBlobClient(name), cancellationToken).ConfigureAwait(false)).Bytes;
    }

    /// <summary>
    /// Replaces the note of <paramref name="checkpoint"/> with <c>merge(stored)</c> (stored is null when there is none
    /// yet), conditionally on the version read; on a concurrent write reads and merges again. Writes nothing when the
    /// merge returns the stored bytes. Then moves <c>latest</c> forward to this checkpoint if it names an older one.
    /// </summary>
    /// <param name="checkpoint">The checkpoint whose note this is.</param>
    /// <param name="merge">Adds the caller's lines to the stored note; may run more than once, and may throw to refuse.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The note now stored.</returns>
    /// <exception cref="InvalidOperationException">Other writers kept changing the note for all the attempts.</exception>
    public async Task<byte[]> UpdateAsync(Checkpoint checkpoint, Func<byte[]?, byte[]> merge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(merge);
        string name = BlobNameOf(checkpoint);
        BlobClient blob = _container.GetBlobClient(name);
        for (int attempt = 1; attempt <= _maxAttempts; attempt++)
        {
            (byte[]? stored, ETag version) = await BlobOperations.DownloadAsync(blob, cancellationToken).ConfigureAwait(false);
            byte[] merged = merge(stored);
            if (stored is not null && stored.AsSpan().SequenceEqual(merged))
            {
                await AdvanceLatestAsync(name, checkpoint.Size, cancellationToken).ConfigureAwait(false);
                return stored;
            }

            var conditions = stored is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = version };
            if (await TryUploadAsync(blob, merged, conditions, cancellationToken).ConfigureAwait(false))
            {
                await AdvanceLatestAsync(name, checkpoint.Size, cancellationToken).ConfigureAwait(false);
                return merged;
            }

            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"The note {blob.Uri} changed under each of {_maxAttempts} attempts to add to it: too many concurrent writers.");
    }

    /// <summary>Points <c>latest</c> at <paramref name="name"/> unless it already names a checkpoint at least as large.</summary>
    private async Task AdvanceLatestAsync(string name, ulong size, CancellationToken cancellationToken)
    {
        for (int attempt = 1; attempt <= _maxAttempts; attempt++)
        {
            (byte[]? pointer, ETag version) = await BlobOperations.DownloadAsync(_latest, cancellationToken).ConfigureAwait(false);
            if (pointer is not null && SizeOf(Encoding.UTF8.GetString(pointer).Trim()) >= size)
            {
                return;
            }

            var conditions = pointer is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = version };
            if (await TryUploadAsync(_latest, Encoding.UTF8.GetBytes(name), conditions, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"{_latest.Uri} changed under each of {_maxAttempts} attempts to move it to {name}: too many concurrent writers.");
    }

    /// <summary>Uploads under <paramref name="conditions"/>, creating the container when missing; false when the condition failed.</summary>
    private async Task<bool> TryUploadAsync(BlobClient blob, byte[] data, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await blob.UploadAsync(BinaryData.FromBytes(data), new BlobUploadOptions { Conditions = conditions }, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode == BlobErrorCode.ContainerNotFound && attempt == 0)
            {
                await BlobOperations.EnsureCreatedAsync(_container, ref _containerCreated, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 412 || (e.Status == 409 && e.ErrorCode == BlobErrorCode.BlobAlreadyExists))
            {
                return false;
            }
        }
    }

    /// <summary>A short random pause, growing with the attempts, so that contending silos do not retry in lockstep.</summary>
    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(Random.Shared.Next(1, 10 * Math.Min(attempt, 10)), cancellationToken);

    /// <summary>The checkpoint size in a note blob's name, or null when the name is not <c>&lt;size&gt;.&lt;hex&gt;.note</c>.</summary>
    private static ulong? SizeOf(string name)
    {
        string[] parts = name.Split('.');
        return parts.Length == 3 && parts[2] == NoteSuffix[1..]
            && ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong size) ? size : null;
    }
}
