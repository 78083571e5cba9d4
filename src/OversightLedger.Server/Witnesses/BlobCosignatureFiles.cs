using OversightLedger.Grains.Witnesses;
using OversightLedger.Storage.Azure;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Server.Witnesses;

/// <summary>
/// The azure profile's cosignature notes: blobs in one container every silo shares (<see cref="BlobCosignatureNotes"/>:
/// <c>&lt;size&gt;.&lt;hex root&gt;.note</c>, merged by read-modify-write on the blob's ETag, and <c>latest</c>). Other
/// silos write them too, so the store reads again what it holds once it is <see cref="Freshness"/> old.
/// </summary>
internal sealed class BlobCosignatureFiles(BlobCosignatureNotes notes) : ICosignatureFiles
{
    /// <summary>How stale a silo's view of another silo's cosignatures may be: two seconds.</summary>
    public static readonly TimeSpan DefaultFreshness = TimeSpan.FromSeconds(2);

    /// <inheritdoc/>
    public TimeSpan Freshness { get; init; } = DefaultFreshness;

    /// <inheritdoc/>
    public Task<byte[]?> ReadAsync(Checkpoint checkpoint, CancellationToken cancellationToken) => notes.ReadAsync(checkpoint, cancellationToken);

    /// <inheritdoc/>
    public Task<byte[]?> ReadLatestAsync(CancellationToken cancellationToken) => notes.ReadLatestAsync(cancellationToken);

    /// <inheritdoc/>
    public Task<byte[]> UpdateAsync(Checkpoint checkpoint, Func<byte[]?, byte[]> merge, CancellationToken cancellationToken) =>
        notes.UpdateAsync(checkpoint, merge, cancellationToken);
}
