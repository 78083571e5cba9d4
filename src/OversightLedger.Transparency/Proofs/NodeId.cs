namespace OversightLedger.Transparency.Proofs;

/// <summary>
/// A full subtree of the Merkle tree: the node at <paramref name="Level"/> (0 = leaves) and
/// <paramref name="Index"/> covers leaves [Index·2^Level, (Index+1)·2^Level).
/// </summary>
public readonly record struct NodeId(int Level, ulong Index)
{
    /// <summary>The first leaf this node covers.</summary>
    public ulong FirstLeaf => Index << Level;

    /// <summary>One past the last leaf this node covers.</summary>
    public ulong EndLeaf => (Index + 1) << Level;

    /// <inheritdoc/>
    public override string ToString() => $"node {Level}/{Index}";
}
