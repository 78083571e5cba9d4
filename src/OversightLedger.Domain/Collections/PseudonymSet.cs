using System.Collections;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Snapshots;

namespace OversightLedger.Domain.Collections;

/// <summary>
/// A set of pseudonyms (a program's enrolled beneficiaries) in layers: a sorted array (<see cref="SortedPseudonyms"/>, the
/// program's stored base, written and read in one block), those added since, frozen while a new base is written
/// (<see cref="Freeze"/>), and those added after that. Not thread-safe.
/// </summary>
internal sealed class PseudonymSet : IReadOnlyCollection<PseudonymBits>
{
    private HashSet<PseudonymBits> _added = [];
    private HashSet<PseudonymBits>? _frozen;
    private SortedPseudonyms _sorted = SortedPseudonyms.Empty;

    /// <summary>How many pseudonyms the set holds.</summary>
    public int Count => _sorted.Count + _added.Count + (_frozen?.Count ?? 0);

    /// <summary>The pseudonyms in the sorted array.</summary>
    public SortedPseudonyms Sorted => _sorted;

    /// <summary>The pseudonyms added since the sorted array (frozen ones included).</summary>
    public IReadOnlyCollection<PseudonymBits> Added => _frozen is null ? _added : [.. _frozen, .. _added];

    /// <summary>Whether <paramref name="key"/> is in the set.</summary>
    public bool Contains(PseudonymBits key) => _added.Contains(key) || (_frozen?.Contains(key) ?? false) || _sorted.Contains(key);

    /// <summary>Adds <paramref name="key"/>; false when it was in the set.</summary>
    public bool Add(PseudonymBits key) => !(_frozen?.Contains(key) ?? false) && !_sorted.Contains(key) && _added.Add(key);

    /// <summary>Freezes the added pseudonyms for a new base (<see cref="Merge"/>, then <see cref="Adopt"/> or <see cref="Thaw"/>).</summary>
    public (SortedPseudonyms Sorted, PseudonymBits[] Added) Freeze()
    {
        if (_frozen is not null)
        {
            throw new InvalidOperationException("A base of the set is being written already.");
        }

        _frozen = _added;
        _added = [];
        return (_sorted, [.. _frozen]);
    }

    /// <summary>The sorted array of <paramref name="sorted"/> and <paramref name="added"/> (none in both). Touches no set.</summary>
    public static SortedPseudonyms Merge(SortedPseudonyms sorted, PseudonymBits[] added)
    {
        PseudonymBits[] adding = [.. added];
        Array.Sort(adding, SortedPseudonyms.Comparer);
        ReadOnlySpan<PseudonymBits> keys = sorted.Keys;
        var merged = new PseudonymBits[keys.Length + adding.Length];
        int i = 0, j = 0, k = 0;
        while (i < keys.Length && j < adding.Length)
        {
            merged[k++] = SortedPseudonyms.Compare(keys[i], adding[j]) < 0 ? keys[i++] : adding[j++];
        }

        keys[i..].CopyTo(merged.AsSpan(k));
        adding.AsSpan(j).CopyTo(merged.AsSpan(k + keys.Length - i));
        return new SortedPseudonyms(merged);
    }

    /// <summary>The frozen pseudonyms are in the new base: the set now stands on its sorted array.</summary>
    public void Adopt(SortedPseudonyms merged)
    {
        _sorted = merged;
        _frozen = null;
    }

    /// <summary>The new base was not written: the frozen pseudonyms are added ones again.</summary>
    public void Thaw()
    {
        if (_frozen is not null)
        {
            _added.UnionWith(_frozen);
            _frozen = null;
        }
    }

    /// <summary>Merges the added pseudonyms into the sorted array at once.</summary>
    public void Compact()
    {
        (SortedPseudonyms sorted, PseudonymBits[] added) = Freeze();
        Adopt(Merge(sorted, added));
        _added.TrimExcess();
    }

    /// <summary>Writes a sorted array (a base's): its count, then the pseudonyms ascending in one block.</summary>
    public static void WriteSorted(BinaryWriter writer, SortedPseudonyms sorted)
    {
        writer.Write7BitEncodedInt(sorted.Count);
        RawSpanCodec.Write(writer, sorted.Keys);
    }

    /// <summary>Reads what <see cref="WriteSorted"/> wrote into this empty set.</summary>
    /// <exception cref="InvalidDataException">The pseudonyms are not strictly ascending (one twice), or the body ends early.</exception>
    public void ReadSorted(BinaryReader reader)
    {
        if (Count != 0)
        {
            throw new InvalidOperationException("The set is not empty.");
        }

        SortedPseudonyms keys = SortedPseudonyms.Read(reader, reader.Read7BitEncodedInt()); // in place from a stored base's array
        if (!SortedPseudonyms.IsStrictlyAscending(keys.Keys))
        {
            throw new InvalidDataException("The snapshot's pseudonyms are not strictly ascending: one is there twice, or out of order.");
        }

        _sorted = keys;
    }

    /// <summary>Writes the pseudonyms added since the sorted array: their count, then them in one block.</summary>
    public void WriteAdded(BinaryWriter writer)
    {
        PseudonymBits[] added = [.. Added];
        writer.Write7BitEncodedInt(added.Length);
        RawSpanCodec.Write<PseudonymBits>(writer, added);
    }

    /// <summary>Reads what <see cref="WriteAdded"/> wrote onto this set (a base's, or an empty one).</summary>
    /// <exception cref="InvalidDataException">A pseudonym is in the set already.</exception>
    public void ReadAdded(BinaryReader reader)
    {
        PseudonymBits[] added = RawSpanCodec.Read<PseudonymBits>(reader, reader.Read7BitEncodedInt());
        _added.EnsureCapacity(added.Length);
        foreach (PseudonymBits key in added)
        {
            if (!Add(key))
            {
                throw new InvalidDataException("The snapshot enrols a pseudonym twice.");
            }
        }
    }

    /// <summary>Every pseudonym: the sorted ones, then those added.</summary>
    public IEnumerator<PseudonymBits> GetEnumerator()
    {
        for (int i = 0; i < _sorted.Count; i++)
        {
            yield return _sorted[i];
        }

        foreach (PseudonymBits added in Added)
        {
            yield return added;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
