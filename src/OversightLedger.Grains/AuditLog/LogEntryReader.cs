using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Grains.AuditLog;

/// <summary>Reads entries by leaf index from the log's entry bundles (entries below a checkpoint's size only).</summary>
public sealed class LogEntryReader(AuditLogStore store)
{
    /// <summary>The entries at <paramref name="indices"/> (ascending or not) in the tree of <paramref name="treeSize"/> entries.</summary>
    public async Task<byte[][]> ReadAsync(IReadOnlyList<ulong> indices, ulong treeSize, CancellationToken cancellationToken = default)
    {
        var result = new byte[indices.Count][];
        ulong? cachedBundle = null;
        List<ReadOnlyMemory<byte>> entries = [];
        for (int i = 0; i < indices.Count; i++)
        {
            ulong index = indices[i];
            if (index >= treeSize)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"Entry {index} is not in a log of {treeSize} entries.");
            }

            ulong bundle = index / TileLayout.Width;
            if (cachedBundle != bundle)
            {
                int width = TileLayout.TileWidth(treeSize, 0, bundle);
                string path = TilePath.Entries(bundle, width);
                byte[] bytes = await store.Storage.ReadAsync(path, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"{path} is missing from {store.Storage.Location}.");
                entries = EntryBundle.Decode(bytes);
                cachedBundle = bundle;
            }

            result[i] = entries[(int)(index % TileLayout.Width)].ToArray();
        }

        return result;
    }
}
