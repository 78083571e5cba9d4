using System.Collections;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Snapshots;

namespace OversightLedger.Domain.Programs;

/// <summary>
/// One period's totals per pseudonym (<see cref="PeriodTotals"/>): sorted flat arrays of pseudonyms and totals (what a
/// snapshot restored or last wrote, read and written in one block each), and a dictionary of the totals changed since
/// (<see cref="Changed"/>; a zero there hides a total of the arrays), merged into the arrays by <see cref="Compact"/>.
/// Zero totals are not counted. Not thread-safe.
/// </summary>
internal sealed class PeriodTable : IReadOnlyCollection<KeyValuePair<PseudonymBits, long>>
{
    private readonly Dictionary<PseudonymBits, long> _changed;
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

    /// <summary>The totals changed since the arrays were last merged or read (zero: the pseudonym has none now).</summary>
    public IReadOnlyDictionary<PseudonymBits, long> Changed => _changed;

    /// <summary>How many totals the sorted arrays hold.</summary>
    public int SortedCount => _keys.Count;

    /// <summary>The total of <paramref name="key"/> (zero when none).</summary>
    public long Get(PseudonymBits key)
    {
        if (_changed.TryGetValue(key, out long changed))
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
        if (total == 0 && _keys.IndexOf(key) < 0)
        {
            _changed.Remove(key);
        }
        else
        {
            _changed[key] = total;
        }

        Count += (before == 0 ? 1 : 0) - (total == 0 ? 1 : 0);
        return total;
    }

    /// <summary>Merges the changed totals into the sorted arrays, dropping zeros.</summary>
    public void Compact()
    {
        if (_changed.Count == 0)
        {
            return;
        }

        KeyValuePair<PseudonymBits, long>[] changed = [.. _changed];
        Array.Sort(changed, (a, b) => SortedPseudonyms.Compare(a.Key, b.Key));
        var keys = new PseudonymBits[Count];
        long[] totals = new long[Count];
        int i = 0, j = 0, k = 0;
        ReadOnlySpan<PseudonymBits> sorted = _keys.Keys;
        while (i < sorted.Length || j < changed.Length)
        {
            int order = i == sorted.Length ? 1 : j == changed.Length ? -1 : SortedPseudonyms.Compare(sorted[i], changed[j].Key);
            (PseudonymBits key, long total) = order < 0 ? (sorted[i], _totals[i]) : (changed[j].Key, changed[j].Value);
            i += order <= 0 ? 1 : 0;
            j += order >= 0 ? 1 : 0;
            if (total != 0)
            {
                keys[k] = key;
                totals[k++] = total;
            }
        }

        if (k != Count)
        {
            throw new InvalidOperationException($"The table counted {Count} totals but merged {k}.");
        }

        _keys = new SortedPseudonyms(keys);
        _totals = totals;
        _changed.Clear();
        _changed.TrimExcess();
    }

    /// <summary>Writes the table (compacted first): the count, the pseudonyms ascending, then their totals, each in one block.</summary>
    public void Write(BinaryWriter writer)
    {
        Compact();
        writer.Write7BitEncodedInt(Count);
        RawSpanCodec.Write(writer, _keys.Keys);
        RawSpanCodec.Write<long>(writer, _totals);
    }

    /// <summary>Reads a table <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The pseudonyms are not strictly ascending, a total is zero, or the body ends early.</exception>
    public static PeriodTable Read(BinaryReader reader)
    {
        int count = reader.Read7BitEncodedInt();
        PseudonymBits[] keys = RawSpanCodec.Read<PseudonymBits>(reader, count);
        long[] totals = RawSpanCodec.Read<long>(reader, count);
        if (count == 0 || !SortedPseudonyms.IsStrictlyAscending(keys) || Array.IndexOf(totals, 0L) >= 0)
        {
            throw new InvalidDataException("The snapshot holds a period's totals out of order, twice, zero, or none.");
        }

        return new PeriodTable { _keys = new SortedPseudonyms(keys), _totals = totals, Count = count };
    }

    /// <summary>The sum of the totals.</summary>
    public long Sum()
    {
        long sum = 0;
        if (_changed.Count == 0)
        {
            foreach (long total in _totals)
            {
                sum = checked(sum + total);
            }

            return sum;
        }

        foreach (KeyValuePair<PseudonymBits, long> total in this)
        {
            sum = checked(sum + total.Value);
        }

        return sum;
    }

    /// <summary>Every pseudonym's total that is not zero, in no set order.</summary>
    public IEnumerator<KeyValuePair<PseudonymBits, long>> GetEnumerator()
    {
        for (int i = 0; i < _keys.Count; i++)
        {
            if (!_changed.ContainsKey(_keys[i]))
            {
                yield return new(_keys[i], _totals[i]);
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
