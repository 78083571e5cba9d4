using System.Collections;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Snapshots;

namespace OversightLedger.Domain.Collections;

/// <summary>
/// A set of pseudonyms (a program's enrolled beneficiaries) held as a sorted array (<see cref="SortedPseudonyms"/>, the
/// part a snapshot restored or last wrote) and a small hash set of those added since (<see cref="Added"/>), merged into the
/// array by <see cref="Compact"/>. A snapshot writes and reads the array in one block. Not thread-safe.
/// </summary>
internal sealed class PseudonymSet : IReadOnlyCollection<PseudonymBits>
{
    private readonly HashSet<PseudonymBits> _added = [];
    private SortedPseudonyms _sorted = SortedPseudonyms.Empty;

    /// <summary>How many pseudonyms the set holds.</summary>
    public int Count => _sorted.Count + _added.Count;

    /// <summary>The pseudonyms in the sorted array (what the last <see cref="Compact"/> or restore left there).</summary>
    public SortedPseudonyms Sorted => _sorted;

    /// <summary>The pseudonyms added since the last <see cref="Compact"/> or restore.</summary>
    public IReadOnlyCollection<PseudonymBits> Added => _added;

    /// <summary>Whether <paramref name="key"/> is in the set.</summary>
    public bool Contains(PseudonymBits key) => _added.Contains(key) || _sorted.Contains(key);

    /// <summary>Adds <paramref name="key"/>; false when it was in the set.</summary>
    public bool Add(PseudonymBits key) => !_sorted.Contains(key) && _added.Add(key);

    /// <summary>Merges the added pseudonyms into the sorted array.</summary>
    public void Compact()
    {
        if (_added.Count == 0)
        {
            return;
        }

        PseudonymBits[] added = [.. _added];
        Array.Sort(added, SortedPseudonyms.Comparer);
        ReadOnlySpan<PseudonymBits> sorted = _sorted.Keys;
        var merged = new PseudonymBits[sorted.Length + added.Length];
        int i = 0, j = 0, k = 0;
        while (i < sorted.Length && j < added.Length)
        {
            merged[k++] = SortedPseudonyms.Compare(sorted[i], added[j]) < 0 ? sorted[i++] : added[j++];
        }

        sorted[i..].CopyTo(merged.AsSpan(k));
        added.AsSpan(j).CopyTo(merged.AsSpan(k + sorted.Length - i));
        _sorted = new SortedPseudonyms(merged);
        _added.Clear();
        _added.TrimExcess();
    }

    /// <summary>Writes the set (compacted first): its count, then the pseudonyms ascending in one block.</summary>
    public void Write(BinaryWriter writer)
    {
        Compact();
        writer.Write7BitEncodedInt(_sorted.Count);
        RawSpanCodec.Write(writer, _sorted.Keys);
    }

    /// <summary>Reads what <see cref="Write"/> wrote into this empty set.</summary>
    /// <exception cref="InvalidDataException">The pseudonyms are not strictly ascending (one twice), or the body ends early.</exception>
    public void Read(BinaryReader reader)
    {
        if (Count != 0)
        {
            throw new InvalidOperationException("The set is not empty.");
        }

        PseudonymBits[] keys = RawSpanCodec.Read<PseudonymBits>(reader, reader.Read7BitEncodedInt());
        if (!SortedPseudonyms.IsStrictlyAscending(keys))
        {
            throw new InvalidDataException("The snapshot's pseudonyms are not strictly ascending: one is there twice, or out of order.");
        }

        _sorted = new SortedPseudonyms(keys);
    }

    /// <summary>Every pseudonym: the sorted ones, then those added.</summary>
    public IEnumerator<PseudonymBits> GetEnumerator()
    {
        for (int i = 0; i < _sorted.Count; i++)
        {
            yield return _sorted[i];
        }

        foreach (PseudonymBits added in _added)
        {
            yield return added;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
