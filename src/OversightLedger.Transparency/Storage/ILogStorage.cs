using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Storage;

/// <summary>
/// The one narrow port the log writer needs. Tiles are written before the checkpoint that covers them,
/// and each write is durable when its task completes, so a checkpoint never names tiles that a crash lost.
/// </summary>
public interface ILogStorage : ILogReader
{
    /// <summary>Writes tiles and entry bundles, each atomically and durably.</summary>
    Task WriteTilesAsync(IReadOnlyCollection<TileFile> tiles, CancellationToken cancellationToken = default);

    /// <summary>Replaces the checkpoint atomically and durably.</summary>
    Task WriteCheckpointAsync(ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken = default);
}
