using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OversightLedger.Domain.Snapshots;

namespace OversightLedger.Domain.Collections;

/// <summary>
/// A membership filter of entry ids (a scalable Bloom filter): <see cref="MightContain"/> is never false for an id that
/// was added, and true for one that was not with a probability below 0.05 % per segment (under 1 % over the 14 segments of ten million ids). About two bytes per id, no
/// object per id. A grain keeps one over all its committed disbursements so that a new id, almost always unknown, needs
/// no lookup in the log; a possible hit is settled by the log (the sequencer's id index and the entry read back).
/// </summary>
/// <remarks>
/// <para>
/// Segments double in capacity (the first holds 1,024 ids: 2 KiB for a small program); each has 16 bits per id and 11 probes. The two hashes are
/// the first 16 bytes of the SHA-256 of the id's UTF-8 bytes: the same in every process, so the filter can be written to a
/// snapshot and read back. Ids crafted to collide only cost lookups, never a wrong answer.
/// </para>
/// <para>Ids are added, never removed. Not thread-safe.</para>
/// </remarks>
internal sealed class EntryIdFilter
{
    private const int FirstSegmentIds = 1 << 10;
    private const int BitsPerId = 16;
    private const int Probes = 11;

    private readonly List<ulong[]> _segments = [];
    private long _inLastSegment;

    // The two hashes of each id added since the last base was frozen (a program's stored base, issue 17), when tracked.
    private List<ulong>? _addedSinceBase;

    /// <summary>The number of ids added.</summary>
    public long Count { get; private set; }

    /// <summary>The bytes the filter holds.</summary>
    public long AllocatedBytes => _segments.Sum(s => (long)s.Length * sizeof(ulong));

    /// <summary>
    /// An empty filter that also keeps the two hashes (16 bytes) of each id added since its last base
    /// (<see cref="FreezeBase"/>), for a snapshot that holds only what changed since (<see cref="WriteAdded"/>).
    /// </summary>
    public static EntryIdFilter TrackingAdded() => new() { _addedSinceBase = [] };

    /// <summary>How many ids were added since the last base (0 when not tracked).</summary>
    public int AddedSinceBase => (_addedSinceBase?.Count ?? 0) / 2;

    /// <summary>Adds <paramref name="id"/>.</summary>
    public void Add(string id)
    {
        (ulong first, ulong second) = Hash(id);
        AddHashes(first, second);
    }

    private void AddHashes(ulong first, ulong second)
    {
        _addedSinceBase?.Add(first);
        _addedSinceBase?.Add(second);
        if (_segments.Count == 0 || _inLastSegment >= CapacityOf(_segments.Count - 1))
        {
            _segments.Add(new ulong[CapacityOf(_segments.Count) * BitsPerId / 64]);
            _inLastSegment = 0;
        }

        ulong[] bits = _segments[^1];
        ulong mask = ((ulong)bits.Length * 64) - 1;
        for (int probe = 0; probe < Probes; probe++)
        {
            ulong bit = (first + ((ulong)probe * second)) & mask;
            bits[bit >> 6] |= 1UL << (int)(bit & 63);
        }

        _inLastSegment++;
        Count++;
    }

    /// <summary>False when <paramref name="id"/> was never added; true when it was, or (rarely) when it was not.</summary>
    public bool MightContain(string id)
    {
        if (_segments.Count == 0)
        {
            return false;
        }

        (ulong first, ulong second) = Hash(id);
        foreach (ulong[] bits in _segments)
        {
            ulong mask = ((ulong)bits.Length * 64) - 1;
            bool all = true;
            for (int probe = 0; probe < Probes && all; probe++)
            {
                ulong bit = (first + ((ulong)probe * second)) & mask;
                all = (bits[bit >> 6] & (1UL << (int)(bit & 63))) != 0;
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes the filter: its counts and its segments' bits.</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write7BitEncodedInt64(Count);
        writer.Write7BitEncodedInt64(_inLastSegment);
        writer.Write7BitEncodedInt(_segments.Count);
        foreach (ulong[] bits in _segments)
        {
            RawSpanCodec.Write<ulong>(writer, bits); // little-endian words, in one block
        }
    }

    /// <summary>
    /// The filter as <see cref="Write"/> writes it now, for a new base, and how many tracked ids it holds beyond the last
    /// base: once the base is stored, <see cref="AdoptBase"/> with that number stops tracking them.
    /// </summary>
    public (byte[] Written, int Added) FreezeBase()
    {
        // One array of the exact length (on the grain's turn, and tens of megabytes at millions of ids): no growing copy.
        byte[] written = new byte[checked((int)(SevenBitLength((ulong)Count) + SevenBitLength((ulong)_inLastSegment) + SevenBitLength((ulong)_segments.Count) + AllocatedBytes))];
        using var stream = new MemoryStream(written, writable: true);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            Write(writer);
        }

        return stream.Position == written.Length ? (written, AddedSinceBase) : throw new InvalidOperationException("The filter came out other than its length.");
    }

    /// <summary>How many bytes <see cref="BinaryWriter.Write7BitEncodedInt64"/> takes for <paramref name="value"/>.</summary>
    private static int SevenBitLength(ulong value) => Math.Max(1, (64 - System.Numerics.BitOperations.LeadingZeroCount(value) + 6) / 7);

    /// <summary>The first <paramref name="added"/> ids tracked are in the stored base now.</summary>
    public void AdoptBase(int added) => _addedSinceBase?.RemoveRange(0, added * 2);

    /// <summary>Writes the count and the hashes of the ids added since the last base (16 bytes each, in one block).</summary>
    public void WriteAdded(BinaryWriter writer)
    {
        List<ulong> added = _addedSinceBase ?? throw new InvalidOperationException("The filter does not track the ids added to it.");
        writer.Write7BitEncodedInt64(Count);
        writer.Write7BitEncodedInt(added.Count / 2);
        RawSpanCodec.Write<ulong>(writer, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(added));
    }

    /// <summary>Adds the ids <see cref="WriteAdded"/> wrote to this filter (its base's, or an empty tracking one).</summary>
    /// <exception cref="InvalidDataException">The count does not come out as written.</exception>
    public void ReadAdded(BinaryReader reader)
    {
        long count = reader.Read7BitEncodedInt64();
        ulong[] hashes = RawSpanCodec.Read<ulong>(reader, checked(reader.Read7BitEncodedInt() * 2));
        _addedSinceBase?.AddRange(hashes); // the tracked hashes in one block, not two list adds per id
        List<ulong>? tracked = _addedSinceBase;
        _addedSinceBase = null;
        try
        {
            for (int i = 0; i < hashes.Length; i += 2)
            {
                AddHashes(hashes[i], hashes[i + 1]);
            }
        }
        finally
        {
            _addedSinceBase = tracked;
        }

        if (Count != count)
        {
            throw new InvalidDataException($"The id filter holds {Count} ids with those the snapshot adds, not the {count} it says.");
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote; with <paramref name="trackingAdded"/>, as <see cref="TrackingAdded"/> with it as its base.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a filter.</exception>
    public static EntryIdFilter Read(BinaryReader reader, bool trackingAdded = false)
    {
        var filter = new EntryIdFilter { Count = reader.Read7BitEncodedInt64(), _inLastSegment = reader.Read7BitEncodedInt64(), _addedSinceBase = trackingAdded ? [] : null };
        int segments = reader.Read7BitEncodedInt();
        if (segments is < 0 or > 40 || filter.Count < 0 || filter._inLastSegment < 0
            || (segments == 0 ? filter.Count != 0 : filter._inLastSegment > CapacityOf(segments - 1)))
        {
            throw new InvalidDataException("The id filter of the snapshot is malformed.");
        }

        for (int segment = 0; segment < segments; segment++)
        {
            int words = checked((int)(CapacityOf(segment) * BitsPerId / 64));
            filter._segments.Add(RawSpanCodec.Read<ulong>(reader, words)); // one block copy, not word by word
        }

        return filter;
    }

    private static long CapacityOf(int segment) => (long)FirstSegmentIds << segment;

    private static (ulong First, ulong Second) Hash(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        int length = Encoding.UTF8.GetMaxByteCount(id.Length);
        byte[]? rented = length > 512 ? new byte[length] : null;
        Span<byte> utf8 = rented ?? stackalloc byte[512];
        int written = Encoding.UTF8.GetBytes(id, utf8);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..written], digest);
        ulong first = BinaryPrimitives.ReadUInt64LittleEndian(digest);
        ulong second = BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]) | 1; // odd: the probes visit distinct bits
        return (first, second);
    }
}
