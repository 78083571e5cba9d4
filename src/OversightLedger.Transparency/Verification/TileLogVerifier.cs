using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Verification;

/// <summary>
/// Checks a whole tlog-tiles log against a tree head: every entry's leaf hash is the one in its level-0
/// tile, every higher tile holds the roots of the tiles below it, and the tree hashes to the root.
/// Streams the log bundle by bundle (O(log n) memory).
/// </summary>
public static class TileLogVerifier
{
    /// <summary>Verifies the first <paramref name="size"/> entries of the log against <paramref name="root"/>.</summary>
    /// <param name="reader">Where the log's tiles are.</param>
    /// <param name="size">The tree size of the (already verified) checkpoint.</param>
    /// <param name="root">The root of the checkpoint.</param>
    /// <param name="progress">Told the number of entries checked so far.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <exception cref="LogVerificationException">Something does not match; the message says what.</exception>
    public static async Task VerifyAsync(ILogReader reader, ulong size, MerkleHash root, IProgress<ulong>? progress = null, CancellationToken cancellationToken = default)
    {
        var edge = new TreeEdge();
        var completed = new List<TileFile>();
        ulong bundles = TileLayout.TileCount(size, 0);
        for (ulong bundle = 0; bundle < bundles; bundle++)
        {
            int width = TileLayout.TileWidth(size, 0, bundle);
            string entriesPath = TilePath.Entries(bundle, width);
            string tilePath = TilePath.Hash(0, bundle, width);
            List<ReadOnlyMemory<byte>> entries;
            try
            {
                entries = await PartialTileReader.ReadEntriesAsync(reader, bundle, width, cancellationToken).ConfigureAwait(false)
                    ?? throw new LogVerificationException($"{entriesPath} is missing from {reader.Location}.");
            }
            catch (FormatException e)
            {
                throw new LogVerificationException($"{entriesPath}: {e.Message}", e);
            }

            if (entries.Count != width)
            {
                throw new LogVerificationException($"{entriesPath} holds {entries.Count} entries, not {width}.");
            }

            MerkleHash[] leafHashes = DecodeTile(await ReadHashTileAsync(reader, new TileAddress(0, bundle, width), cancellationToken).ConfigureAwait(false), width, tilePath);
            for (int i = 0; i < width; i++)
            {
                MerkleHash leafHash = Rfc6962.HashLeaf(entries[i].Span);
                if (leafHash != leafHashes[i])
                {
                    ulong index = (bundle * TileLayout.Width) + (ulong)i;
                    throw new LogVerificationException(
                        $"entry {index} in {entriesPath} does not match its leaf hash in {tilePath} (entry hashes to {leafHash}, tile holds {leafHashes[i]}).");
                }

                edge.Append(leafHash, completed);
            }

            foreach (TileFile tile in completed)
            {
                if (tile.Address.Level > 0)
                {
                    await CompareAsync(reader, tile, cancellationToken).ConfigureAwait(false);
                }
            }

            completed.Clear();
            progress?.Report(edge.Size);
        }

        foreach (TileFile partial in edge.PartialTiles())
        {
            if (partial.Address.Level > 0)
            {
                await CompareAsync(reader, partial, cancellationToken).ConfigureAwait(false);
            }
        }

        MerkleHash computed = edge.Root();
        if (computed != root)
        {
            throw new LogVerificationException($"the tiles hash to root {computed} for size {size}, but the checkpoint says {root}.");
        }
    }

    private static async Task CompareAsync(ILogReader reader, TileFile expected, CancellationToken cancellationToken)
    {
        byte[] stored = await ReadHashTileAsync(reader, expected.Address, cancellationToken).ConfigureAwait(false);
        if (!stored.AsSpan().SequenceEqual(expected.Data))
        {
            MerkleHash[] storedHashes = DecodeTile(stored, expected.Address.Width, expected.Path);
            MerkleHash[] computedHashes = HashTile.Decode(expected.Data, expected.Address.Width, expected.Path);
            int differs = FirstDifference(storedHashes, computedHashes);
            throw new LogVerificationException(
                $"{expected.Path} hash {differs} is {storedHashes[differs]}, but the tile below it hashes to {computedHashes[differs]}.");
        }
    }

    private static int FirstDifference(MerkleHash[] left, MerkleHash[] right)
    {
        for (int i = 0; i < left.Length; i++)
        {
            if (left[i] != right[i])
            {
                return i;
            }
        }

        return 0;
    }

    private static MerkleHash[] DecodeTile(byte[] bytes, int width, string path)
    {
        try
        {
            return HashTile.Decode(bytes, width, path);
        }
        catch (FormatException e)
        {
            throw new LogVerificationException(e.Message, e);
        }
    }

    private static async Task<byte[]> ReadHashTileAsync(ILogReader reader, TileAddress address, CancellationToken cancellationToken) =>
        await PartialTileReader.ReadHashTileAsync(reader, address, cancellationToken).ConfigureAwait(false)
        ?? throw new LogVerificationException($"{address.Path} is missing from {reader.Location}.");
}
