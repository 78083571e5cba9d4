namespace OversightLedger.Grains.Witnesses;

/// <summary>
/// The witnesses' cosignatures of the log's checkpoints, kept durably so that <c>/log/checkpoint</c> serves the current
/// checkpoint with them and reports can cite a cosigned checkpoint. Implemented by the host (the embedded profile keeps
/// them as files under the data directory); grains such as a watchdog that cosigns take it by injection.
/// </summary>
public interface ICosignatureStore
{
    /// <summary>
    /// Accepts a signed note holding the log's current checkpoint and at least one cosignature of a registered witness
    /// (other lines, such as the log's own signature, are ignored), and stores the registered witnesses' lines durably
    /// before it returns. Adding the same cosignature again is harmless; a witness's newer line replaces its older one.
    /// </summary>
    /// <returns>The checkpoint with every cosignature stored for it.</returns>
    /// <exception cref="CosignatureRejectedException">The note was refused; nothing was stored.</exception>
    Task<CosignedCheckpoint> AddAsync(ReadOnlyMemory<byte> note, CancellationToken cancellationToken = default);

    /// <summary>The newest checkpoint that has at least one cosignature, with all of them; null when none has any.</summary>
    Task<CosignedCheckpoint?> LatestCosignedAsync(CancellationToken cancellationToken = default);
}
