using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Unicode;

namespace OversightLedger.Domain.Collections;

/// <summary>
/// A map from entry ids to small values, for the millions of ids a ledger grain or the log's sequencer must recognise.
/// Each id is held once, as its UTF-8 bytes packed into shared 64 KiB blocks beside its hash and its value, instead of
/// as a string object of its own: about 20 bytes for a 20-character id instead of 64, and no per-id object for the
/// garbage collector to trace.
/// </summary>
/// <remarks>
/// <para>
/// Ids are added, and their values replaced, never removed. Lookups are exact (ordinal); the hash is the runtime's
/// randomised string hash, so crafted ids cannot be made to collide. An id that is not well-formed UTF-16, or longer
/// than <see cref="MaxPackedLength"/> UTF-8 bytes, is held in an ordinary dictionary beside the packed ones.
/// </para>
/// <para>Not thread-safe.</para>
/// </remarks>
/// <typeparam name="TValue">The value kept with each id: a small struct.</typeparam>
public sealed class EntryIdMap<TValue> : IReadOnlyCollection<KeyValuePair<string, TValue>>
    where TValue : struct
{
    /// <summary>The longest id, in UTF-8 bytes, that is packed; a longer one is held as a string.</summary>
    public const int MaxPackedLength = 256;

    private const int IdBlockBytes = 1 << 16;
    private const int SlotBlockShift = 10;
    private const int SlotsPerBlock = 1 << SlotBlockShift;
    private const int InitialBuckets = 16;

    private readonly List<byte[]> _idBlocks = [];
    private readonly List<Slot[]> _slotBlocks = [];
    private int _idBlockUsed = IdBlockBytes;
    private int[] _buckets = new int[InitialBuckets];
    private int _packedCount;
    private Dictionary<string, TValue>? _unpacked;

    /// <summary>The number of ids.</summary>
    public int Count => _packedCount + (_unpacked?.Count ?? 0);

    /// <summary>Whether the map holds <paramref name="id"/>.</summary>
    public bool ContainsKey(string id) => TryGetValue(id, out _);

    /// <summary>The value of <paramref name="id"/>; false when the map does not hold it.</summary>
    public bool TryGetValue(string id, out TValue value)
    {
        ArgumentNullException.ThrowIfNull(id);
        Span<byte> utf8 = stackalloc byte[MaxPackedLength];
        if (!TryPack(id, utf8, out int length))
        {
            value = default;
            return _unpacked?.TryGetValue(id, out value) == true;
        }

        int slot = Find(utf8[..length], Hash(id), out _);
        value = slot < 0 ? default : SlotAt(slot).Value;
        return slot >= 0;
    }

    /// <summary>Adds <paramref name="id"/> with <paramref name="value"/>; false, and nothing changed, when the map already holds it.</summary>
    public bool TryAdd(string id, TValue value) => Put(id, value, replace: false);

    /// <summary>Adds <paramref name="id"/> with <paramref name="value"/>, or replaces the value it has.</summary>
    public void AddOrReplace(string id, TValue value) => Put(id, value, replace: true);

    /// <summary>Every id with its value: the packed ones in the order they were added, then the others.</summary>
    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator()
    {
        for (int i = 0; i < _packedCount; i++)
        {
            Slot slot = SlotAt(i);
            yield return new(Encoding.UTF8.GetString(_idBlocks[slot.IdBlock], slot.IdOffset, slot.IdLength), slot.Value);
        }

        if (_unpacked is not null)
        {
            foreach (KeyValuePair<string, TValue> pair in _unpacked)
            {
                yield return pair;
            }
        }
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static int Hash(string id) => StringComparer.Ordinal.GetHashCode(id);

    /// <summary>The id's UTF-8 bytes, when it is well-formed and short enough to be packed.</summary>
    private static bool TryPack(string id, Span<byte> utf8, out int length)
    {
        length = 0;
        return id.Length <= MaxPackedLength
            && Utf8.FromUtf16(id, utf8, out _, out length, replaceInvalidSequences: false) == OperationStatus.Done;
    }

    private bool Put(string id, TValue value, bool replace)
    {
        ArgumentNullException.ThrowIfNull(id);
        Span<byte> utf8 = stackalloc byte[MaxPackedLength];
        if (!TryPack(id, utf8, out int length))
        {
            _unpacked ??= new Dictionary<string, TValue>(StringComparer.Ordinal);
            if (replace)
            {
                _unpacked[id] = value;
                return true;
            }

            return _unpacked.TryAdd(id, value);
        }

        int hash = Hash(id);
        int existing = Find(utf8[..length], hash, out int bucket);
        if (existing >= 0)
        {
            if (replace)
            {
                SlotAt(existing).Value = value;
            }

            return replace;
        }

        if ((_packedCount + 1) * 4 > _buckets.Length * 3)
        {
            Grow();
            Find(utf8[..length], hash, out bucket);
        }

        if (_idBlockUsed + length > IdBlockBytes)
        {
            _idBlocks.Add(new byte[IdBlockBytes]);
            _idBlockUsed = 0;
        }

        utf8[..length].CopyTo(_idBlocks[^1].AsSpan(_idBlockUsed));
        if ((_packedCount & (SlotsPerBlock - 1)) == 0)
        {
            _slotBlocks.Add(new Slot[SlotsPerBlock]);
        }

        SlotAt(_packedCount) = new Slot
        {
            Hash = hash,
            IdBlock = _idBlocks.Count - 1,
            IdOffset = (ushort)_idBlockUsed,
            IdLength = (ushort)length,
            Value = value,
        };
        _idBlockUsed += length;
        _buckets[bucket] = ++_packedCount;
        return true;
    }

    /// <summary>The slot of the packed id, or -1; <paramref name="bucket"/> is then the empty bucket where it would go.</summary>
    private int Find(ReadOnlySpan<byte> utf8, int hash, out int bucket)
    {
        int mask = _buckets.Length - 1;
        for (bucket = hash & mask; _buckets[bucket] != 0; bucket = (bucket + 1) & mask)
        {
            int slot = _buckets[bucket] - 1;
            ref Slot candidate = ref SlotAt(slot);
            if (candidate.Hash == hash && utf8.SequenceEqual(_idBlocks[candidate.IdBlock].AsSpan(candidate.IdOffset, candidate.IdLength)))
            {
                return slot;
            }
        }

        return -1;
    }

    private void Grow()
    {
        int[] buckets = new int[_buckets.Length * 2];
        int mask = buckets.Length - 1;
        for (int slot = 0; slot < _packedCount; slot++)
        {
            int bucket = SlotAt(slot).Hash & mask;
            while (buckets[bucket] != 0)
            {
                bucket = (bucket + 1) & mask;
            }

            buckets[bucket] = slot + 1;
        }

        _buckets = buckets;
    }

    private ref Slot SlotAt(int slot) => ref _slotBlocks[slot >> SlotBlockShift][slot & (SlotsPerBlock - 1)];

    /// <summary>One packed id: where its bytes are, its hash and its value.</summary>
    private struct Slot
    {
        public int Hash;
        public int IdBlock;
        public ushort IdOffset;
        public ushort IdLength;
        public TValue Value;
    }
}
