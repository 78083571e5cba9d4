using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Grains.Witnesses;

/// <summary>
/// Where the server's <see cref="ICosignatureStore"/> (<c>Server/Witnesses/CosignatureStore</c>) keeps its notes, one per
/// cosigned checkpoint (the log's note followed by the cosignature lines): files under the data directory in the embedded
/// profile (<c>Storage.Posix/FileCosignatureFiles</c>), blobs every silo shares in the azure profile
/// (<c>Server/Witnesses/BlobCosignatureFiles</c>). The store does every check; this port only reads and writes bytes.
/// </summary>
public interface ICosignatureFiles
{
    /// <summary>
    /// How long the store may answer from what it read or wrote before reading again: <see cref="Timeout.InfiniteTimeSpan"/>
    /// when this process is the only writer, a few seconds when other silos write the same notes.
    /// </summary>
    TimeSpan Freshness { get; }

    /// <summary>The note stored for <paramref name="checkpoint"/>, or null when it has none.</summary>
    Task<byte[]?> ReadAsync(Checkpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>The note of the newest (largest) checkpoint stored, or null when none is.</summary>
    Task<byte[]?> ReadLatestAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores <c>merge(stored)</c> as the note of <paramref name="checkpoint"/> (stored is null when it has none yet)
    /// durably before it returns, without losing lines another writer stored meanwhile (<paramref name="merge"/> may
    /// run again on what that writer stored). Writes nothing when the merge returns the stored bytes.
    /// </summary>
    /// <returns>The note now stored.</returns>
    Task<byte[]> UpdateAsync(Checkpoint checkpoint, Func<byte[]?, byte[]> merge, CancellationToken cancellationToken);
}
