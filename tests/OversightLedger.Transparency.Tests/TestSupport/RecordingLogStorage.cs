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

    public Task CommitAsync(IReadOnlyCollection<TileFile> tiles, ReadOnlyMemory<byte> checkpoint, CancellationToken cancellationToken = default)
    {
        if (tiles.Count > 0)
        {
            Batches.Add(tiles.Select(t => t.Path).ToList());
        }

        CheckpointWrites++;
        return _inner.CommitAsync(tiles, checkpoint, cancellationToken);
    }
}
