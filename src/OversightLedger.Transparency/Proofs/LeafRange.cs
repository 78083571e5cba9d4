namespace OversightLedger.Transparency.Proofs;

/// <summary>
/// The leaves [Begin, End) whose RFC 6962 hash is one element of a proof. Begin is aligned to
/// a power of two at least End − Begin, so the range splits into full subtrees, largest first.
/// </summary>
public readonly record struct LeafRange(ulong Begin, ulong End)
{
    /// <summary>The full subtrees that make up this range, left to right.</summary>
    public IEnumerable<NodeId> FullSubtrees()
    {
        ulong position = Begin;
        ulong remaining = End - Begin;
        for (int level = 63; level >= 0; level--)
        {
            ulong width = 1UL << level;
            if ((remaining & width) != 0)
            {
                yield return new NodeId(level, position >> level);
                position += width;
            }
        }
    }
}
