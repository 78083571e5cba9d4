using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;

namespace OversightLedger.Transparency.Tiles;

/// <summary>
/// The right edge of a tiled Merkle tree: at each tile level, the hashes of the rightmost tile that is
/// not full yet. That is all it takes to append (O(log n) memory) and to compute the root. Appending
/// hands out each tile once, as it becomes full; the partial tiles are read at the end of a batch.
/// </summary>
public sealed class TreeEdge
{
    private readonly List<MerkleHash[]> _levels = [];
    private readonly List<int> _counts = [];

    /// <summary>The number of leaves.</summary>
    public ulong Size { get; private set; }

    /// <summary>An empty tree.</summary>
    public TreeEdge()
    {
    }

    /// <summary>
    /// Rebuilds the edge of a tree of <paramref name="size"/> leaves from its partial tiles;
    /// <paramref name="partialTile"/> gives the hashes of the partial tile at a level (width known from the size).
    /// </summary>
    public static async ValueTask<TreeEdge> LoadAsync(ulong size, Func<TileAddress, ValueTask<MerkleHash[]>> partialTile)
    {
        var edge = new TreeEdge { Size = size };
        int levels = TileLayout.LevelCount(size);
        for (int level = 0; level < levels; level++)
        {
            ulong hashes = TileLayout.HashesAtTileLevel(size, level);
            int count = (int)(hashes % TileLayout.Width);
            MerkleHash[] buffer = new MerkleHash[TileLayout.Width];
            if (count > 0)
            {
                MerkleHash[] stored = await partialTile(new TileAddress(level, hashes / TileLayout.Width, count)).ConfigureAwait(false);
                stored.AsSpan().CopyTo(buffer);
            }

            edge._levels.Add(buffer);
            edge._counts.Add(count);
        }

        return edge;
    }

    /// <summary>Appends one leaf hash; every tile it completes is added to <paramref name="fullTiles"/>.</summary>
    public void Append(in MerkleHash leafHash, ICollection<TileFile>? fullTiles)
    {
        MerkleHash hash = leafHash;
        ulong position = Size;
        for (int level = 0; ; level++)
        {
            if (level == _levels.Count)
            {
                _levels.Add(new MerkleHash[TileLayout.Width]);
                _counts.Add(0);
            }

            MerkleHash[] buffer = _levels[level];
            int count = _counts[level];
            buffer[count++] = hash;
            if (count < TileLayout.Width)
            {
                _counts[level] = count;
                break;
            }

            // The tile is full: hand it out, and its root becomes the next hash one tile level up.
            ulong tileIndex = position >> (TileLayout.Height * (level + 1));
            fullTiles?.Add(new TileFile(new TileAddress(level, tileIndex, TileLayout.Width), HashTile.Encode(buffer)));
            hash = HashTile.SubtreeRoot(buffer);
            _counts[level] = 0;
        }

        Size++;
    }

    /// <summary>The partial (not yet full) tiles of the current tree, lowest level first.</summary>
    public IEnumerable<TileFile> PartialTiles()
    {
        for (int level = 0; level < _levels.Count; level++)
        {
            int count = _counts[level];
            if (count > 0)
            {
                ulong tileIndex = TileLayout.HashesAtTileLevel(Size, level) / TileLayout.Width;
                yield return new TileFile(new TileAddress(level, tileIndex, count), HashTile.Encode(_levels[level].AsSpan(0, count)));
            }
        }
    }

    /// <summary>The width of the partial tile at <paramref name="level"/> (0 when there is none).</summary>
    public int PartialWidth(int level) => level < _counts.Count ? _counts[level] : 0;

    /// <summary>The RFC 6962 root of the tree.</summary>
    public MerkleHash Root()
    {
        if (Size == 0)
        {
            return Rfc6962.EmptyRoot;
        }

        // The tree splits into full subtrees, largest (highest tile level, highest bit) first.
        Span<MerkleHash> subtrees = stackalloc MerkleHash[64];
        int found = 0;
        for (int level = _levels.Count - 1; level >= 0; level--)
        {
            int count = _counts[level];
            int offset = 0;
            for (int bit = TileLayout.Height - 1; bit >= 0; bit--)
            {
                int width = 1 << bit;
                if ((count & width) != 0)
                {
                    subtrees[found++] = HashTile.SubtreeRoot(_levels[level].AsSpan(offset, width));
                    offset += width;
                }
            }
        }

        return ProofBuilder.FoldRightEdge(subtrees[..found]);
    }
}
