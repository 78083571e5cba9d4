using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Tests.TestSupport;

/// <summary>A real file-system log that also records every write, to check what a batch writes.</summary>
internal sealed class RecordingLogStorage(string directory) : ILogStorage
{
    private readonly FileSystemLogStorage _inner = new(directory);

    public List<List<string>> Batches { get; } = [];

    public int CheckpointWrites { get; private set; }

    public string Location => _inner.Location;

    public ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default) => _inner.ReadAsync(path, cancellationToken);

    public Task WriteTilesAsync(IReadOnlyCollection<TileFile> tiles, CancellationToken cancellationToken = default)
    {
        Batches.Add(tiles.Select(t => t.Path).ToList());
        return _inner.WriteTilesAsync(tiles, cancellationToken);
    }

    public Task WriteCheckpointAsync(ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken = default)
    {
        CheckpointWrites++;
        return _inner.WriteCheckpointAsync(checkpoint, cancellationToken);
    }
}
