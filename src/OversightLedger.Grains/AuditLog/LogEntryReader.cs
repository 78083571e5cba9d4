using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// Reads entries by leaf index from the log's entry bundles (entries below a checkpoint's size only). An entry of a tile
/// that was partial at that size is read from the full bundle when the partial one has gone (the log grew meanwhile).
/// </summary>
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
                byte[]? bytes = await store.Storage.ReadAsync(path, cancellationToken).ConfigureAwait(false);
                if (bytes is null && width < TileLayout.Width)
                {
                    // The log drops a partial bundle once its tile is full (under load, milliseconds after a caller saw
                    // the smaller size): the full bundle begins with the same entries, which never change.
                    bytes = await store.Storage.ReadAsync(TilePath.Entries(bundle, TileLayout.Width), cancellationToken).ConfigureAwait(false);
                }

                entries = EntryBundle.Decode(bytes ?? throw new InvalidDataException($"{path} is missing from {store.Storage.Location}."));
                cachedBundle = bundle;
            }

            result[i] = entries[(int)(index % TileLayout.Width)].ToArray();
        }

        return result;
    }
}
