using System.Collections;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// An immutable set of names (benchmark ids, sector codes, modalities, finding classes) kept sorted by UTF-16 code units
/// and free of duplicates, so that an entry has exactly one canonical form and two sets with the same members are equal.
/// </summary>
[CollectionBuilder(typeof(NameSet), nameof(Create))]
public sealed class NameSet : IReadOnlyList<string>, IEquatable<NameSet>
{
    private readonly string[] _names;

    /// <summary>Creates the set of <paramref name="names"/>: sorted ordinally, duplicates dropped.</summary>
    /// <exception cref="ArgumentNullException">The sequence or one of its names is null.</exception>
    public NameSet(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        SortedSet<string> sorted = new(StringComparer.Ordinal);
        foreach (string name in names)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(names));
            sorted.Add(name);
        }

        _names = [.. sorted];
    }

    /// <summary>Takes <paramref name="ordinallySorted"/> as it is (the flag only tells this constructor from the public one).</summary>
    private NameSet(string[] ordinallySorted, bool alreadySorted)
    {
        Debug.Assert(alreadySorted, "only for names in strictly ascending ordinal order");
        _names = ordinallySorted;
    }

    /// <summary>The empty set.</summary>
    public static NameSet Empty { get; } = new([]);

    /// <summary>The number of names.</summary>
    public int Count => _names.Length;

    /// <summary>The name at <paramref name="index"/> in ordinal order.</summary>
    public string this[int index] => _names[index];

    /// <summary>Creates a set from a collection expression, e.g. <c>NameSet sectors = ["72010", "72040"];</c>.</summary>
    public static NameSet Create(ReadOnlySpan<string> names) => new(names.ToArray());

    /// <summary>
    /// The set of <paramref name="names"/>, already in strictly ascending ordinal order (so neither sorted nor copied);
    /// the parser's way of building the sets it reads in canonical order.
    /// </summary>
    internal static NameSet FromOrdinallySorted(string[] names)
    {
        for (int i = 1; i < names.Length; i++)
        {
            Debug.Assert(string.CompareOrdinal(names[i - 1], names[i]) < 0, "the names are in strictly ascending ordinal order");
        }

        return names.Length == 0 ? Empty : new NameSet(names, alreadySorted: true);
    }

    /// <summary>Whether <paramref name="name"/> is a member (ordinal comparison).</summary>
    public bool Contains(string name) => Array.BinarySearch(_names, name, StringComparer.Ordinal) >= 0;

    /// <summary>Whether both sets hold exactly the same names.</summary>
    public bool Equals(NameSet? other) =>
        other is not null && _names.AsSpan().SequenceEqual(other._names);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as NameSet);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        HashCode hash = new();
        foreach (string name in _names)
        {
            hash.Add(name, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>The names, comma-separated in brackets.</summary>
    public override string ToString() => $"[{string.Join(", ", _names)}]";

    /// <inheritdoc/>
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_names).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Value equality.</summary>
    public static bool operator ==(NameSet? left, NameSet? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(NameSet? left, NameSet? right) => !(left == right);
}
