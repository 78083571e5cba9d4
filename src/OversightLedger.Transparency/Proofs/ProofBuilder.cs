using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Transparency.Proofs;

/// <summary>Builds roots and proofs of any size from the full-subtree hashes an <see cref="INodeHashReader"/> provides.</summary>
public static class ProofBuilder
{
    /// <summary>The RFC 6962 root of the first <paramref name="size"/> leaves.</summary>
    public static async ValueTask<MerkleHash> RootAsync(INodeHashReader reader, ulong size, CancellationToken cancellationToken = default)
    {
        if (size == 0)
        {
            return Rfc6962.EmptyRoot;
        }

        MerkleHash[] hashes = await ResolveAsync(reader, [new LeafRange(0, size)], cancellationToken).ConfigureAwait(false);
        return hashes[0];
    }

    /// <summary>The inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves.</summary>
    public static ValueTask<MerkleHash[]> InclusionAsync(INodeHashReader reader, ulong index, ulong size, CancellationToken cancellationToken = default) =>
        ResolveAsync(reader, ProofPlan.Inclusion(index, size), cancellationToken);

    /// <summary>The consistency proof from <paramref name="oldSize"/> to <paramref name="newSize"/> leaves.</summary>
    public static ValueTask<MerkleHash[]> ConsistencyAsync(INodeHashReader reader, ulong oldSize, ulong newSize, CancellationToken cancellationToken = default) =>
        ResolveAsync(reader, ProofPlan.Consistency(oldSize, newSize), cancellationToken);

    /// <summary>Hashes each range from its full subtrees, reading all of them in one call.</summary>
    public static async ValueTask<MerkleHash[]> ResolveAsync(INodeHashReader reader, IReadOnlyList<LeafRange> ranges, CancellationToken cancellationToken = default)
    {
        var nodes = new List<NodeId>(ranges.Count + 8);
        var counts = new int[ranges.Count];
        for (int i = 0; i < ranges.Count; i++)
        {
            int before = nodes.Count;
            nodes.AddRange(ranges[i].FullSubtrees());
            counts[i] = nodes.Count - before;
        }

        MerkleHash[] nodeHashes = await reader.ReadHashesAsync(nodes, cancellationToken).ConfigureAwait(false);
        if (nodeHashes.Length != nodes.Count)
        {
            throw new InvalidOperationException($"The node reader returned {nodeHashes.Length} hashes for {nodes.Count} nodes.");
        }

        var result = new MerkleHash[ranges.Count];
        int next = 0;
        for (int i = 0; i < ranges.Count; i++)
        {
            result[i] = FoldRightEdge(nodeHashes.AsSpan(next, counts[i]));
            next += counts[i];
        }

        return result;
    }

    /// <summary>
    /// The hash of consecutive full subtrees of decreasing size, left to right — the RFC 6962 shape
    /// of a tree whose size is not a power of two: fold from the right.
    /// </summary>
    public static MerkleHash FoldRightEdge(ReadOnlySpan<MerkleHash> subtrees)
    {
        MerkleHash hash = subtrees[^1];
        for (int i = subtrees.Length - 2; i >= 0; i--)
        {
            hash = Rfc6962.HashChildren(subtrees[i], hash);
        }

        return hash;
    }
}
