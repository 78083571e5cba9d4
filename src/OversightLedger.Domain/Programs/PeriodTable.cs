using System.Collections;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Snapshots;

namespace OversightLedger.Domain.Programs;

/// <summary>
/// One period's totals per pseudonym (<see cref="PeriodTotals"/>) in layers: sorted flat arrays (the program's stored base,
/// <see cref="ProgramBase"/>, read and written in one block each), the totals changed since, frozen while a new base is
/// written (<see cref="Freeze"/>), and those changed after that. A lookup asks the newest layer first; a zero in a newer
/// layer hides a total of an older one. Zero totals are not counted. Not thread-safe.
/// </summary>
internal sealed class PeriodTable : IReadOnlyCollection<KeyValuePair<PseudonymBits, long>>
{
    private Dictionary<PseudonymBits, long> _changed;
    private Dictionary<PseudonymBits, long>? _frozen;
    private SortedPseudonyms _keys = SortedPseudonyms.Empty;
    private long[] _totals = [];

    /// <summary>An empty table.</summary>
    public PeriodTable()
        : this([])
    {
    }

    /// <summary>A table of <paramref name="totals"/> (none zero), taken over as its changes.</summary>
    public PeriodTable(Dictionary<PseudonymBits, long> totals)
    {
        _changed = totals;
        Count = totals.Count;
    }

    /// <summary>How many pseudonyms have a total that is not zero.</summary>
    public int Count { get; private set; }

    /// <summary>Whether the table stands on sorted arrays of the program's base (else its changes are all of it).</summary>
    public bool HasSorted => _keys.Count > 0;

    /// <summary>How many totals changed since the sorted arrays (frozen ones included; a total may be counted twice).</summary>
    public int ChangedCount => _changed.Count + (_frozen?.Count ?? 0);

    /// <summary>The total of <paramref name="key"/> (zero when none).</summary>
    public long Get(PseudonymBits key)
    {
        if (_changed.TryGetValue(key, out long changed) || (_frozen is not null && _frozen.TryGetValue(key, out changed)))
        {
            return changed;
        }

        int at = _keys.IndexOf(key);
        return at < 0 ? 0 : _totals[at];
    }

    /// <summary>Adds <paramref name="units"/> to the total of <paramref name="key"/> and returns the new total.</summary>
    public long Add(PseudonymBits key, long units)
    {
        long before = Get(key);
        long total = checked(before + units);
        if (total == 0 && !(_frozen?.ContainsKey(key) ?? false) && _keys.IndexOf(key) < 0)
        {
            _changed.Remove(key);
        }
        else
        {
            _changed[key] = total; // a zero here hides an older layer's total
        }

        Count += (before == 0 ? 1 : 0) - (total == 0 ? 1 : 0);
        return total;
    }

    /// <summary>
    /// Freezes the changes for a new base: what <see cref="Merge"/> turns, off the grain's turn, into the sorted arrays the
    /// table then stands on (<see cref="Adopt"/>), or gives back (<see cref="Thaw"/>). Changes made meanwhile are kept apart.
    /// </summary>
    public (SortedPseudonyms Keys, long[] Totals, KeyValuePair<PseudonymBits, long>[] Changes) Freeze()
    {
        if (_frozen is not null)
        {
            throw new InvalidOperationException("A base of the table is being written already.");
        }

        _frozen = _changed;
        _changed = [];
        return (_keys, _totals, [.. _frozen]);
    }

    /// <summary>The sorted arrays of <paramref name="keys"/> and <paramref name="totals"/> with <paramref name="changes"/> applied, zeros dropped. Touches no table.</summary>
    public static (SortedPseudonyms Keys, long[] Totals) Merge(SortedPseudonyms keys, long[] totals, KeyValuePair<PseudonymBits, long>[] changes)
    {
        PseudonymBits[] changedKeys = [.. changes.Select(c => c.Key)];
        long[] changedTotals = [.. changes.Select(c => c.Value)];
        Array.Sort(changedKeys, changedTotals, SortedPseudonyms.Comparer);
        var mergedKeys = new PseudonymBits[keys.Count + changedKeys.Length];
        long[] mergedTotals = new long[mergedKeys.Length];
        ReadOnlySpan<PseudonymBits> sorted = keys.Keys;
        int i = 0, j = 0, k = 0;
        while (i < sorted.Length || j < changedKeys.Length)
        {
            int order = i == sorted.Length ? 1 : j == changedKeys.Length ? -1 : SortedPseudonyms.Compare(sorted[i], changedKeys[j]);
            long total = order < 0 ? totals[i] : changedTotals[j];
            PseudonymBits key = order < 0 ? sorted[i] : changedKeys[j];
            i += order <= 0 ? 1 : 0;
            j += order >= 0 ? 1 : 0;
            if (total != 0)
            {
                mergedKeys[k] = key;
                mergedTotals[k++] = total;
            }
        }

        return k == mergedKeys.Length // no zero dropped (the usual case): no second copy of the arrays
            ? (new SortedPseudonyms(mergedKeys), mergedTotals)
            : (new SortedPseudonyms(mergedKeys[..k]), mergedTotals[..k]);
    }

    /// <summary>The frozen changes are in the new base: the table now stands on its sorted arrays.</summary>
    public void Adopt(SortedPseudonyms keys, long[] totals)
    {
        _keys = keys;
        _totals = totals;
        _frozen = null;
    }

    /// <summary>The new base was not written: the frozen changes are changes again (those made since stay newer).</summary>
    public void Thaw()
    {
        if (_frozen is null)
        {
            return;
        }

        foreach ((PseudonymBits key, long total) in _frozen)
        {
            _changed.TryAdd(key, total);
        }

        _frozen = null;
    }

    /// <summary>Merges every change into the sorted arrays at once (a table not part of a stored base).</summary>
    public void Compact()
    {
        (SortedPseudonyms keys, long[] totals, KeyValuePair<PseudonymBits, long>[] changes) = Freeze();
        (keys, totals) = Merge(keys, totals, changes);
        Adopt(keys, totals);
        _changed.TrimExcess();
    }

    /// <summary>Writes sorted arrays (a base's table): the count, the pseudonyms ascending, then their totals, each in one block.</summary>
    public static void WriteSorted(BinaryWriter writer, SortedPseudonyms keys, long[] totals)
    {
        writer.Write7BitEncodedInt(keys.Count);
        RawSpanCodec.Write(writer, keys.Keys);
        RawSpanCodec.Write<long>(writer, totals);
    }

    /// <summary>Reads a table <see cref="WriteSorted"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The pseudonyms are not strictly ascending, a total is zero, there is none, or the body ends early.</exception>
    public static PeriodTable ReadSorted(BinaryReader reader)
    {
        int count = reader.Read7BitEncodedInt();
        SortedPseudonyms keys = SortedPseudonyms.Read(reader, count); // in place from a stored base's array
        long[] totals = RawSpanCodec.Read<long>(reader, count);
        if (count == 0 || !SortedPseudonyms.IsStrictlyAscending(keys.Keys) || Array.IndexOf(totals, 0L) >= 0)
        {
            throw new InvalidDataException("The snapshot holds a period's totals out of order, twice, zero, or none.");
        }

        return new PeriodTable { _keys = keys, _totals = totals, Count = count };
    }

    /// <summary>Writes the changes since the sorted arrays (frozen ones included): their count, pseudonyms and totals (zeros too) in blocks.</summary>
    public void WriteChanges(BinaryWriter writer)
    {
        IEnumerable<KeyValuePair<PseudonymBits, long>> layered = _frozen is null ? _changed : _changed.Concat(_frozen.Where(f => !_changed.ContainsKey(f.Key)));
        KeyValuePair<PseudonymBits, long>[] changes = [.. layered.Where(c => c.Value != 0 || _keys.IndexOf(c.Key) >= 0)]; // a zero hides only a base's total
        writer.Write7BitEncodedInt(changes.Length);
        RawSpanCodec.Write<PseudonymBits>(writer, [.. changes.Select(c => c.Key)]);
        RawSpanCodec.Write<long>(writer, [.. changes.Select(c => c.Value)]);
    }

    /// <summary>
    /// Reads the changes <see cref="WriteChanges"/> wrote onto this table (a base's, or an empty one), and returns the
    /// table's sum (<see cref="Sum"/>) with them. The changes' pseudonyms are sorted (a copy, in one block) and walked
    /// beside the sorted arrays: each finds the total it hides in one pass over both, not by a search of its own, and the
    /// sum is corrected as they are taken in, in the order written.
    /// </summary>
    /// <exception cref="InvalidDataException">A pseudonym is changed twice, a zero hides nothing, or the table ends up empty.</exception>
    public long ReadChanges(BinaryReader reader)
    {
        int count = reader.Read7BitEncodedInt();
        PseudonymBits[] keys = RawSpanCodec.Read<PseudonymBits>(reader, count);
        long[] totals = RawSpanCodec.Read<long>(reader, count);

        // The order of the pseudonyms, found by sorting a copy with their places: the changes are then taken in the order
        // written (a snapshot written from the restored table has the same bytes as one written from the replayed one).
        PseudonymBits[] ordered = GC.AllocateUninitializedArray<PseudonymBits>(count);
        keys.AsSpan().CopyTo(ordered);
        int[] places = new int[count];
        for (int i = 0; i < count; i++)
        {
            places[i] = i;
        }

        ordered.AsSpan().Sort(places.AsSpan(), default(PseudonymOrder));
        int[] inSorted = GC.AllocateUninitializedArray<int>(count); // the index of the total each change hides, or -1
        ReadOnlySpan<PseudonymBits> sorted = _keys.Keys;
        int at = 0;
        for (int i = 0; i < count; i++)
        {
            while (at < sorted.Length && SortedPseudonyms.Compare(sorted[at], ordered[i]) < 0)
            {
                at++;
            }

            inSorted[places[i]] = at < sorted.Length && sorted[at] == ordered[i] ? at : -1;
        }

        long sum = 0;
        foreach (long total in _totals)
        {
            sum = checked(sum + total);
        }

        _changed.EnsureCapacity(_changed.Count + count);
        for (int i = 0; i < count; i++)
        {
            if ((totals[i] == 0 && inSorted[i] < 0) || !_changed.TryAdd(keys[i], totals[i]))
            {
                throw new InvalidDataException("The snapshot changes a total twice, or zeroes one its base does not hold.");
            }

            long before = inSorted[i] < 0 ? 0 : _totals[inSorted[i]];
            Count += (before == 0 ? 1 : 0) - (totals[i] == 0 ? 1 : 0);
            sum = checked(sum + totals[i] - before);
        }

        return Count == 0 ? throw new InvalidDataException("The snapshot holds a period without totals.") : sum;
    }

    /// <summary>The order of <see cref="SortedPseudonyms.Compare"/> as a struct, so a sort inlines it.</summary>
    private readonly struct PseudonymOrder : IComparer<PseudonymBits>
    {
        public int Compare(PseudonymBits x, PseudonymBits y) => SortedPseudonyms.Compare(x, y);
    }

    /// <summary>The sum of the totals: the sorted arrays' sum, corrected by each change.</summary>
    public long Sum()
    {
        long sum = 0;
        foreach (long total in _totals)
        {
            sum = checked(sum + total);
        }

        foreach ((PseudonymBits key, long total) in _changed)
        {
            sum = checked(sum + total - InSorted(key));
        }

        foreach ((PseudonymBits key, long total) in _frozen ?? [])
        {
            sum = _changed.ContainsKey(key) ? sum : checked(sum + total - InSorted(key));
        }

        return sum;
    }

    private long InSorted(PseudonymBits key)
    {
        int at = _keys.IndexOf(key);
        return at < 0 ? 0 : _totals[at];
    }

    /// <summary>Every pseudonym's total that is not zero, in no set order.</summary>
    public IEnumerator<KeyValuePair<PseudonymBits, long>> GetEnumerator()
    {
        for (int i = 0; i < _keys.Count; i++)
        {
            if (!_changed.ContainsKey(_keys[i]) && !(_frozen?.ContainsKey(_keys[i]) ?? false))
            {
                yield return new(_keys[i], _totals[i]);
            }
        }

        if (_frozen is not null)
        {
            foreach (KeyValuePair<PseudonymBits, long> frozen in _frozen)
            {
                if (frozen.Value != 0 && !_changed.ContainsKey(frozen.Key))
                {
                    yield return frozen;
                }
            }
        }

        foreach (KeyValuePair<PseudonymBits, long> changed in _changed)
        {
            if (changed.Value != 0)
            {
                yield return changed;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
