using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;

namespace OversightLedger.Transparency.Tests.TestSupport;

/// <summary>
/// An <see cref="INodeHashReader"/> over a fixed list of leaf hashes. Level 0 holds the leaf hashes;
/// level k is computed from level k − 1 the first time it is asked for and then kept. Only full
/// subtrees inside the tree exist: asking for anything else fails, so a proof builder that reads
/// past the tree it was given is caught.
/// </summary>
internal sealed class InMemoryNodeHashReader : INodeHashReader
{
    private readonly List<MerkleHash[]> _levels;

    public InMemoryNodeHashReader(IEnumerable<MerkleHash> leafHashes)
    {
        _levels = [[.. leafHashes]];
    }

    /// <summary>The number of leaves.</summary>
    public ulong Size => (ulong)_levels[0].Length;

    /// <summary>How many times <see cref="ReadHashesAsync"/> was called.</summary>
    public int ReadCalls { get; private set; }

    /// <summary>Every node asked for, in order, over all calls.</summary>
    public List<NodeId> NodesRead { get; } = [];

    /// <summary>A reader over the leaf hashes of <paramref name="entries"/>.</summary>
    public static InMemoryNodeHashReader FromEntries(IEnumerable<byte[]> entries) =>
        new(entries.Select(entry => Rfc6962.HashLeaf(entry)));

    /// <summary>The hash of a full subtree of this tree.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The node is not a full subtree of this tree.</exception>
    public MerkleHash NodeHash(NodeId node)
    {
        if (node.Level is < 0 or > 63 || node.Index >= (Size >> node.Level))
        {
            throw new ArgumentOutOfRangeException(nameof(node), $"{node} is not a full subtree of a tree of {Size} leaves.");
        }

        while (_levels.Count <= node.Level)
        {
            MerkleHash[] below = _levels[^1];
            var level = new MerkleHash[below.Length / 2];
            for (int i = 0; i < level.Length; i++)
            {
                level[i] = Rfc6962.HashChildren(below[2 * i], below[(2 * i) + 1]);
            }

            _levels.Add(level);
        }

        return _levels[node.Level][node.Index];
    }

    /// <inheritdoc/>
    public ValueTask<MerkleHash[]> ReadHashesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ReadCalls++;
        NodesRead.AddRange(nodes);
        var hashes = new MerkleHash[nodes.Count];
        for (int i = 0; i < hashes.Length; i++)
        {
            hashes[i] = NodeHash(nodes[i]);
        }

        return ValueTask.FromResult(hashes);
    }
}
