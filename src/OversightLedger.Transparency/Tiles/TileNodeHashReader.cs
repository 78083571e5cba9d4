using System.Collections.Concurrent;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Transparency.Tiles;

/// <summary>
/// Reads full-subtree hashes of a tree of a given size from its hash tiles, so roots and proofs of any
/// size can be computed from a static log. Each tile read is kept with the 255 inner nodes it implies,
/// so a warm proof costs dictionary lookups, not hashing.
/// </summary>
public sealed class TileNodeHashReader : INodeHashReader
{
    private const int DefaultCachedTiles = 4096;
    private readonly ILogReader _reader;
    private readonly ConcurrentDictionary<TileAddress, TileNodes> _cache = new();
    private readonly int _maxCachedTiles;

    /// <summary>A reader of the tree of <paramref name="treeSize"/> leaves stored in <paramref name="reader"/>.</summary>
    public TileNodeHashReader(ILogReader reader, ulong treeSize, int maxCachedTiles = DefaultCachedTiles)
    {
        _reader = reader;
        TreeSize = treeSize;
        _maxCachedTiles = maxCachedTiles;
    }

    /// <summary>The size of the tree whose nodes this reads.</summary>
    public ulong TreeSize { get; }

    /// <inheritdoc/>
    public async ValueTask<MerkleHash[]> ReadHashesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken = default)
    {
        var result = new MerkleHash[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            NodeId node = nodes[i];
            if (node.EndLeaf > TreeSize || node.Level >= 64)
            {
                throw new ArgumentOutOfRangeException(nameof(nodes), $"{node} is not a full subtree of the tree of size {TreeSize}.");
            }

            int tileLevel = node.Level / TileLayout.Height;
            int subLevel = node.Level % TileLayout.Height;
            ulong tileIndex = node.Index >> (TileLayout.Height - subLevel);
            var address = new TileAddress(tileLevel, tileIndex, TileLayout.TileWidth(TreeSize, tileLevel, tileIndex));
            if (!_cache.TryGetValue(address, out TileNodes? tile))
            {
                tile = await LoadAsync(address, cancellationToken).ConfigureAwait(false);
            }

            ulong firstInTile = tileIndex << (TileLayout.Height - subLevel);
            result[i] = tile.Node(subLevel, (int)(node.Index - firstInTile));
        }

        return result;
    }

    private async ValueTask<TileNodes> LoadAsync(TileAddress address, CancellationToken cancellationToken)
    {
        // tlog-tiles lets a log delete a partial tile once the full one exists: its prefix is the same hashes.
        byte[]? bytes = await PartialTileReader.ReadHashTileAsync(_reader, address, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            throw new FileNotFoundException($"{address.Path} is missing from {_reader.Location}.");
        }

        var tile = new TileNodes(HashTile.Decode(bytes, address.Width, address.Path));
        if (_cache.Count >= _maxCachedTiles)
        {
            _cache.Clear();
        }

        _cache[address] = tile;
        return tile;
    }

    /// <summary>A tile's hashes and every complete inner node above them, level by level.</summary>
    private sealed class TileNodes
    {
        private readonly MerkleHash[][] _levels;

        public TileNodes(MerkleHash[] hashes)
        {
            _levels = new MerkleHash[TileLayout.Height][];
            _levels[0] = hashes;
            for (int level = 1; level < TileLayout.Height; level++)
            {
                MerkleHash[] below = _levels[level - 1];
                var above = new MerkleHash[below.Length / 2];
                for (int i = 0; i < above.Length; i++)
                {
                    above[i] = Rfc6962.HashChildren(below[2 * i], below[(2 * i) + 1]);
                }

                _levels[level] = above;
            }
        }

        public MerkleHash Node(int level, int index) => _levels[level][index];
    }
}
