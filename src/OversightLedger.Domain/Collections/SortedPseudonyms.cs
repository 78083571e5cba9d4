using System.Numerics;
using System.Runtime.InteropServices;
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

    // The pseudonyms: an array of their own, or (a stored base's, read without a copy) a block of the base's bytes.
    private readonly PseudonymBits[]? _keys;
    private readonly byte[]? _block;
    private readonly int _blockStart;
    private readonly int _count;
    private readonly int[] _directory;
    private readonly int _directoryBits;

    /// <summary>Wraps <paramref name="ascending"/>, which must be strictly ascending (<see cref="IsStrictlyAscending"/>).</summary>
    public SortedPseudonyms(PseudonymBits[] ascending)
        : this(ascending, null, 0, ascending.Length)
    {
    }

    /// <summary>
    /// Wraps the <paramref name="count"/> pseudonyms at <paramref name="start"/> of <paramref name="block"/> (32 bytes
    /// each, as <see cref="RawSpanCodec"/> writes them on a little-endian machine), without copying them: a restore reads
    /// a program's stored base once and its pseudonyms stay where they were read. The bytes must not change afterwards
    /// and must be strictly ascending (<see cref="IsStrictlyAscending"/>).
    /// </summary>
    public SortedPseudonyms(byte[] block, int start, int count)
        : this(null, InBounds(block, start, count), start, count)
    {
    }

    private static byte[] InBounds(byte[] block, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Pseudonyms are read in place only on a little-endian machine.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)start + ((long)count * 32), block.LongLength, nameof(count));
        return block;
    }

    private SortedPseudonyms(PseudonymBits[]? keys, byte[]? block, int start, int count)
    {
        _keys = keys;
        _block = block;
        _blockStart = start;
        _count = count;
        ReadOnlySpan<PseudonymBits> ascending = Keys;
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

    /// <summary>
    /// Reads <paramref name="count"/> pseudonyms <see cref="RawSpanCodec"/> wrote, in place when the reader reads a
    /// <see cref="MemoryStream"/> whose array is visible (a stored base, read once into one array: its pseudonyms are not
    /// copied, and the array is not left behind as garbage); otherwise into an array of their own. Not checked for order.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes end before them.</exception>
    public static SortedPseudonyms Read(BinaryReader reader, int count)
    {
        if (!BitConverter.IsLittleEndian || reader.BaseStream is not MemoryStream stream || !stream.TryGetBuffer(out ArraySegment<byte> visible))
        {
            return new SortedPseudonyms(RawSpanCodec.Read<PseudonymBits>(reader, count));
        }

        long bytes = (long)count * 32;
        if (count < 0 || bytes > stream.Length - stream.Position)
        {
            throw new InvalidDataException($"The snapshot ends before the {count} pseudonyms it says follow.");
        }

        var read = new SortedPseudonyms(visible.Array!, visible.Offset + (int)stream.Position, count);
        stream.Position += bytes;
        return read;
    }

    /// <summary>None.</summary>
    public static SortedPseudonyms Empty { get; } = new([]);

    /// <summary>How many there are.</summary>
    public int Count => _count;

    /// <summary>The pseudonyms, ascending.</summary>
    public ReadOnlySpan<PseudonymBits> Keys
    {
        get
        {
            if (_keys is not null)
            {
                return _keys;
            }

            return MemoryMarshal.Cast<byte, PseudonymBits>(_block.AsSpan(_blockStart, _count * 32));
        }
    }

    /// <summary>Whether the pseudonyms are read in place from a block of a stored base (not an array of their own).</summary>
    public bool InPlace => _block is not null;

    /// <summary>The bytes held (array and directory).</summary>
    public long AllocatedBytes => ((long)_count * 32) + ((long)_directory.Length * sizeof(int));

    /// <summary>The pseudonym at <paramref name="index"/>.</summary>
    public PseudonymBits this[int index] => Keys[index];

    /// <summary>The index of <paramref name="key"/>, or -1.</summary>
    public int IndexOf(in PseudonymBits key)
    {
        if (_count == 0)
        {
            return -1;
        }

        ReadOnlySpan<PseudonymBits> keys = Keys;
        int bucket = Bucket(key);
        int low = _directory[bucket];
        int high = _directory[bucket + 1] - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            int order = Compare(keys[middle], key);
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
