using System.Runtime.InteropServices;

namespace OversightLedger.Domain.Collections;

/// <summary>
/// Which leaf holds each entry id, for a replay of the whole log: twelve bytes per slot in one flat array (56 bits of
/// a hash of the id beside its 40-bit leaf index), no object per id. The ids themselves stay in the log: when a
/// fingerprint matches, the id at that leaf is read back (<c>idAtLeaf</c>) and compared, so a lookup is exact whatever
/// collides.
/// </summary>
/// <remarks>
/// <para>
/// The fingerprint is a 64-bit hash made of the runtime's two per-process randomised string hashes (Marvin and
/// xxHash32 with their own seeds): its low 32 bits choose the bucket (and are kept to grow the table), its top 24 bits
/// are compared first. Ids cannot be crafted to collide without the seeds; an accidental match of both costs one read
/// of the log.
/// </para>
/// <para>Ids are added, never removed. Not thread-safe.</para>
/// </remarks>
public sealed class EntryIdFingerprintIndex
{
    /// <summary>The largest leaf index the index can hold (2^40 − 2).</summary>
    public const ulong MaxLeafIndex = (1UL << LeafBits) - 2;

    private const int LeafBits = 40;
    private const ulong LeafMask = (1UL << LeafBits) - 1;
    private const int InitialSlots = 1 << 10;

    private readonly Func<ulong, string?> _idAtLeaf;
    private readonly Func<string, ulong> _hash;
    private Slot[] _slots = new Slot[InitialSlots];

    /// <summary>An empty index that reads an id back from the log with <paramref name="idAtLeaf"/> when a fingerprint matches.</summary>
    /// <param name="idAtLeaf">The id of the entry at a leaf that was added (null if it has none).</param>
    public EntryIdFingerprintIndex(Func<ulong, string?> idAtLeaf)
        : this(idAtLeaf, RandomisedHash)
    {
    }

    /// <summary>An index with a chosen hash: tests force collisions with it.</summary>
    internal EntryIdFingerprintIndex(Func<ulong, string?> idAtLeaf, Func<string, ulong> hash)
    {
        ArgumentNullException.ThrowIfNull(idAtLeaf);
        ArgumentNullException.ThrowIfNull(hash);
        _idAtLeaf = idAtLeaf;
        _hash = hash;
    }

    /// <summary>The number of ids.</summary>
    public int Count { get; private set; }

    /// <summary>How many times an id was read back from the log to settle a matching fingerprint.</summary>
    public long IdsReadBack { get; private set; }

    /// <summary>The bytes the index holds (its slot array).</summary>
    public long AllocatedBytes => (long)_slots.Length * Marshal.SizeOf<Slot>();

    /// <summary>The leaf of <paramref name="id"/>; false when the index does not hold it.</summary>
    public bool TryGetLeaf(string id, out ulong leafIndex)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Find(id, _hash(id), out leafIndex, out _);
    }

    /// <summary>Adds <paramref name="id"/> at <paramref name="leafIndex"/>; false, and nothing changed, when the index already holds it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The leaf index is above <see cref="MaxLeafIndex"/>.</exception>
    public bool TryAdd(string id, ulong leafIndex)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(leafIndex, MaxLeafIndex);
        ulong hash = _hash(id);
        if (Find(id, hash, out _, out int bucket))
        {
            return false;
        }

        if ((Count + 1) * 4L > _slots.Length * 3L)
        {
            Grow();
            Find(id, hash, out _, out bucket);
        }

        _slots[bucket] = new Slot { TagAndLeaf = (hash & ~LeafMask) | (leafIndex + 1), Low = (uint)hash };
        Count++;
        return true;
    }

    private static ulong RandomisedHash(string id)
    {
        var second = default(HashCode);
        second.AddBytes(MemoryMarshal.AsBytes(id.AsSpan()));
        return ((ulong)(uint)second.ToHashCode() << 32) | (uint)StringComparer.Ordinal.GetHashCode(id);
    }

    private bool Find(string id, ulong hash, out ulong leafIndex, out int bucket)
    {
        int mask = _slots.Length - 1;
        ulong fingerprint = hash & ~LeafMask;
        for (bucket = (int)(uint)hash & mask; _slots[bucket].TagAndLeaf != 0; bucket = (bucket + 1) & mask)
        {
            ref Slot slot = ref _slots[bucket];
            if ((slot.TagAndLeaf & ~LeafMask) != fingerprint || slot.Low != (uint)hash)
            {
                continue;
            }

            leafIndex = (slot.TagAndLeaf & LeafMask) - 1;
            IdsReadBack++;
            if (string.Equals(_idAtLeaf(leafIndex), id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        leafIndex = 0;
        return false;
    }

    private void Grow()
    {
        var slots = new Slot[_slots.Length * 2];
        int mask = slots.Length - 1;
        foreach (Slot slot in _slots)
        {
            if (slot.TagAndLeaf == 0)
            {
                continue;
            }

            int bucket = (int)slot.Low & mask;
            while (slots[bucket].TagAndLeaf != 0)
            {
                bucket = (bucket + 1) & mask;
            }

            slots[bucket] = slot;
        }

        _slots = slots;
    }

    /// <summary>One id: the top 24 bits of its hash and its leaf + 1 (0 is an empty slot), and the low 32 bits of its hash.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct Slot
    {
        public ulong TagAndLeaf;
        public uint Low;
    }
}
