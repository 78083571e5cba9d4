using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Storage;

/// <summary>
/// The one narrow port the log writer needs: read a path, and commit a batch. A commit makes every tile
/// durable before the checkpoint that covers them becomes visible, so a checkpoint never names tiles that a
/// crash lost.
/// </summary>
public interface ILogStorage : ILogReader
{
    /// <summary>
    /// Writes <paramref name="tiles"/> (each atomically and durably), then replaces the checkpoint with
    /// <paramref name="checkpoint"/> atomically and durably. Returns once both are durable.
    /// </summary>
    Task CommitAsync(IReadOnlyCollection<TileFile> tiles, ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken = default);
}
