namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// The leaves of the ids a sequencer's index holds as fingerprints (<see cref="SnapshottedLogIndex"/>): three arrays sorted
/// by fingerprint, looked up by binary search. 20 bytes per id, one object per array rather than per id. Immutable, so
/// lookups on the sequencer's turn and a merge on another thread may read it at once.
/// </summary>
internal sealed class FingerprintLeafTable
{
    private readonly ulong[] _high;
    private readonly uint[] _low;
    private readonly ulong[] _leaves;

    /// <summary>A table over arrays sorted by (high, low), strictly ascending; it takes them over.</summary>
    public FingerprintLeafTable(ulong[] high, uint[] low, ulong[] leaves)
    {
        if (high.Length != low.Length || high.Length != leaves.Length)
        {
            throw new ArgumentException("The fingerprints and leaves differ in number.", nameof(leaves));
        }

        _high = high;
        _low = low;
        _leaves = leaves;
    }

    /// <summary>No ids.</summary>
    public static FingerprintLeafTable Empty { get; } = new([], [], []);

    /// <summary>The number of ids.</summary>
    public int Count => _high.Length;

    /// <summary>The fingerprint at <paramref name="position"/> in sorted order.</summary>
    public EntryIdFingerprint FingerprintAt(int position) => new(_high[position], _low[position]);

    /// <summary>The leaf at <paramref name="position"/> in sorted order.</summary>
    public ulong LeafAt(int position) => _leaves[position];

    /// <summary>The leaf of the id with this fingerprint; false when the table has none.</summary>
    public bool TryGetLeaf(EntryIdFingerprint fingerprint, out ulong leaf)
    {
        int low = 0, high = _high.Length - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) / 2);
            int order = FingerprintAt(middle).CompareTo(fingerprint);
            if (order == 0)
            {
                leaf = _leaves[middle];
                return true;
            }

            if (order < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        leaf = 0;
        return false;
    }

    /// <summary>
    /// This table with <paramref name="additions"/> (sorted by fingerprint, distinct) merged in: an addition whose
    /// fingerprint the table has replaces its leaf (it is the later entry with that id).
    /// </summary>
    public FingerprintLeafTable Merge(IReadOnlyList<(EntryIdFingerprint Fingerprint, ulong Leaf)> additions)
    {
        ArgumentNullException.ThrowIfNull(additions);
        int most = Count + additions.Count;
        var high = new ulong[most];
        var low = new uint[most];
        var leaves = new ulong[most];
        int mine = 0, theirs = 0, next = 0;
        while (mine < Count || theirs < additions.Count)
        {
            int order = mine == Count ? 1 : theirs == additions.Count ? -1 : FingerprintAt(mine).CompareTo(additions[theirs].Fingerprint);
            (EntryIdFingerprint fingerprint, ulong leaf) = order < 0 ? (FingerprintAt(mine), _leaves[mine]) : additions[theirs];
            mine += order <= 0 ? 1 : 0;
            theirs += order >= 0 ? 1 : 0;
            high[next] = fingerprint.High;
            low[next] = fingerprint.Low;
            leaves[next] = leaf;
            next++;
        }

        if (next < most)
        {
            Array.Resize(ref high, next);
            Array.Resize(ref low, next);
            Array.Resize(ref leaves, next);
        }

        return new FingerprintLeafTable(high, low, leaves);
    }
}
