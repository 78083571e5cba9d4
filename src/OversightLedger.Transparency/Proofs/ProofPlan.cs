namespace OversightLedger.Transparency.Proofs;

/// <summary>
/// Which subtrees a proof is made of (RFC 6962 §2.1.1 PATH and §2.1.2 SUBPROOF), independent of
/// where the hashes come from. Each element is a <see cref="LeafRange"/>; a range that is not a
/// full subtree (the right edge of a tree whose size is not a power of two) is hashed from its
/// full subtrees when the proof is built.
/// </summary>
public static class ProofPlan
{
    /// <summary>The elements of the inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves, leaf-side first.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <paramref name="size"/>.</exception>
    public static LeafRange[] Inclusion(ulong index, ulong size)
    {
        if (index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Leaf index {index} is not in a tree of size {size}.");
        }

        var elements = new List<LeafRange>(64);
        ulong begin = 0, end = size;
        while (end - begin > 1)
        {
            ulong split = LargestPowerOfTwoBelow(end - begin);
            if (index < begin + split)
            {
                elements.Add(new LeafRange(begin + split, end));
                end = begin + split;
            }
            else
            {
                elements.Add(new LeafRange(begin, begin + split));
                begin += split;
            }
        }

        elements.Reverse();
        return [.. elements];
    }

    /// <summary>The elements of the consistency proof from tree size <paramref name="oldSize"/> to <paramref name="newSize"/>, in RFC 9162 verifier order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 &lt; oldSize ≤ newSize.</exception>
    public static LeafRange[] Consistency(ulong oldSize, ulong newSize)
    {
        if (oldSize == 0 || oldSize > newSize)
        {
            throw new ArgumentOutOfRangeException(nameof(oldSize), $"A consistency proof needs 0 < old size ≤ new size, not {oldSize} → {newSize}.");
        }

        var elements = new List<LeafRange>(64);
        ulong m = oldSize, begin = 0, end = newSize;
        bool startsFromOldRoot = true;
        while (m != end - begin)
        {
            ulong split = LargestPowerOfTwoBelow(end - begin);
            if (m <= split)
            {
                elements.Add(new LeafRange(begin + split, end));
                end = begin + split;
            }
            else
            {
                elements.Add(new LeafRange(begin, begin + split));
                m -= split;
                begin += split;
                startsFromOldRoot = false;
            }
        }

        if (!startsFromOldRoot)
        {
            elements.Add(new LeafRange(begin, end));
        }

        elements.Reverse();
        return [.. elements];
    }

    /// <summary>The largest power of two strictly below <paramref name="n"/> (n ≥ 2).</summary>
    internal static ulong LargestPowerOfTwoBelow(ulong n) => 1UL << (63 - System.Numerics.BitOperations.LeadingZeroCount(n - 1));
}
