using System.Numerics;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Snapshots;

namespace OversightLedger.Domain.Collections;

/// <summary>
/// Pseudonyms in strictly ascending order (of their bytes), in one array: what a snapshot writes and reads back as one
/// block (<see cref="RawSpanCodec"/>), with no object and no hashing per pseudonym. A lookup finds the run of pseudonyms
/// that share the leading bits of the one sought in a directory (pseudonyms are keyed hashes: uniform, so a run holds one
/// or two), then searches that run.
/// </summary>
internal sealed class SortedPseudonyms
{
    private const int MostDirectoryBits = 22;

    private readonly PseudonymBits[] _keys;
    private readonly int[] _directory;
    private readonly int _directoryBits;

    /// <summary>Wraps <paramref name="ascending"/>, which must be strictly ascending (<see cref="IsStrictlyAscending"/>).</summary>
    public SortedPseudonyms(PseudonymBits[] ascending)
    {
        _keys = ascending;
        _directoryBits = ascending.Length < 2 ? 0 : Math.Min(MostDirectoryBits, BitOperations.Log2((uint)ascending.Length));
        int buckets = 1 << _directoryBits;
        _directory = new int[buckets + 1];
        int at = 0;
        for (int bucket = 0; bucket < buckets; bucket++)
        {
            while (at < ascending.Length && Bucket(ascending[at]) < bucket)
            {
                at++;
            }

            _directory[bucket] = at;
        }

        _directory[buckets] = ascending.Length;
    }

    /// <summary>None.</summary>
    public static SortedPseudonyms Empty { get; } = new([]);

    /// <summary>How many there are.</summary>
    public int Count => _keys.Length;

    /// <summary>The pseudonyms, ascending.</summary>
    public ReadOnlySpan<PseudonymBits> Keys => _keys;

    /// <summary>The bytes held (array and directory).</summary>
    public long AllocatedBytes => ((long)_keys.Length * 32) + ((long)_directory.Length * sizeof(int));

    /// <summary>The pseudonym at <paramref name="index"/>.</summary>
    public PseudonymBits this[int index] => _keys[index];

    /// <summary>The index of <paramref name="key"/>, or -1.</summary>
    public int IndexOf(in PseudonymBits key)
    {
        if (_keys.Length == 0)
        {
            return -1;
        }

        int bucket = Bucket(key);
        int low = _directory[bucket];
        int high = _directory[bucket + 1] - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            int order = Compare(_keys[middle], key);
            if (order == 0)
            {
                return middle;
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

        return -1;
    }

    /// <summary>Whether <paramref name="key"/> is one of them.</summary>
    public bool Contains(in PseudonymBits key) => IndexOf(key) >= 0;

    /// <summary>The order of two pseudonyms: that of their bytes.</summary>
    public static int Compare(in PseudonymBits a, in PseudonymBits b) =>
        a.W0 != b.W0 ? a.W0.CompareTo(b.W0)
        : a.W1 != b.W1 ? a.W1.CompareTo(b.W1)
        : a.W2 != b.W2 ? a.W2.CompareTo(b.W2)
        : a.W3.CompareTo(b.W3);

    /// <summary>Whether each pseudonym sorts after the one before it (ascending, none twice).</summary>
    public static bool IsStrictlyAscending(ReadOnlySpan<PseudonymBits> keys)
    {
        for (int i = 1; i < keys.Length; i++)
        {
            if (Compare(keys[i - 1], keys[i]) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The comparer of <see cref="Compare"/>, for sorting.</summary>
    public static IComparer<PseudonymBits> Comparer { get; } = Comparer<PseudonymBits>.Create((a, b) => Compare(a, b));

    private int Bucket(in PseudonymBits key) => _directoryBits == 0 ? 0 : (int)(key.W0 >> (64 - _directoryBits));
}
