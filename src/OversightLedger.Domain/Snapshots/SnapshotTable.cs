namespace OversightLedger.Domain.Snapshots;

/// <summary>
/// The rows of one of a snapshot's tables (terms, pseudonyms, periods), in the order first added: one row per distinct
/// value, found by reference first (the facts share their instances) and by value only when the reference is new.
/// </summary>
/// <typeparam name="T">The value type of the table.</typeparam>
internal sealed class SnapshotTable<T>(IEqualityComparer<T> comparer)
    where T : class
{
    private readonly Dictionary<T, int> _byReference = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<T, int> _byValue = new(comparer);
    private readonly List<T> _values = [];

    /// <summary>The number of rows.</summary>
    public int Count => _values.Count;

    /// <summary>The rows, in order.</summary>
    public IReadOnlyList<T> Values => _values;

    /// <summary>Adds a row for <paramref name="value"/> unless an equal one is there.</summary>
    public void Add(T value)
    {
        if (_byReference.ContainsKey(value))
        {
            return;
        }

        if (!_byValue.TryGetValue(value, out int row))
        {
            row = _values.Count;
            _byValue.Add(value, row);
            _values.Add(value);
        }

        _byReference.Add(value, row);
    }

    /// <summary>The row of a value <see cref="Add"/> was given.</summary>
    public int IndexOf(T value) => _byReference[value];
}
