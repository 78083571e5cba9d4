using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Transparency.Tiles;

/// <summary>
/// Reads tiles and entry bundles the way tlog-tiles lets a client: a partial one that is gone is cut from the full one,
/// whose first hashes or entries are the same. A log may delete a partial once the full tile exists; the server keeps
/// the partials of earlier sizes only until then, so a client holding an older checkpoint can find them gone.
/// </summary>
public static class PartialTileReader
{
    /// <summary>The hash tile at <paramref name="address"/>, or the first hashes of its full tile; null if neither is there.</summary>
    public static async ValueTask<byte[]?> ReadHashTileAsync(ILogReader reader, TileAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        byte[]? bytes = await reader.ReadAsync(address.Path, cancellationToken).ConfigureAwait(false);
        if (bytes is not null || address.IsFull)
        {
            return bytes;
        }

        byte[]? full = await reader.ReadAsync(TilePath.Hash(address.Level, address.Index, TileLayout.Width), cancellationToken).ConfigureAwait(false);
        return full?[..Math.Min(full.Length, address.Width * MerkleHash.Size)];
    }

    /// <summary>
    /// The entries of bundle <paramref name="index"/> of width <paramref name="width"/>, or the first of the full bundle;
    /// null if neither is there. The caller checks the count (a short bundle has fewer).
    /// </summary>
    /// <exception cref="FormatException">The bundle is malformed.</exception>
    public static async ValueTask<List<ReadOnlyMemory<byte>>?> ReadEntriesAsync(ILogReader reader, ulong index, int width, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        byte[]? bytes = await reader.ReadAsync(TilePath.Entries(index, width), cancellationToken).ConfigureAwait(false);
        if (bytes is not null)
        {
            return EntryBundle.Decode(bytes);
        }

        if (width == TileLayout.Width || await reader.ReadAsync(TilePath.Entries(index, TileLayout.Width), cancellationToken).ConfigureAwait(false) is not byte[] full)
        {
            return null;
        }

        List<ReadOnlyMemory<byte>> entries = EntryBundle.Decode(full);
        return entries.Count > width ? entries.GetRange(0, width) : entries;
    }
}
