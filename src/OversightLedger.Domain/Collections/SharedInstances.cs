namespace OversightLedger.Domain.Collections;

/// <summary>
/// One instance of each distinct value: what the facts of millions of disbursements point at instead of a copy each
/// (the same few budgets, tranches, sectors, periods and pseudonyms, parsed afresh from every entry).
/// </summary>
/// <typeparam name="T">An immutable type with value equality (a string, a record).</typeparam>
internal sealed class SharedInstances<T>
    where T : class
{
    private readonly HashSet<T> _instances;

    /// <summary>An empty set, comparing values with <paramref name="comparer"/> (default equality when null).</summary>
    public SharedInstances(IEqualityComparer<T>? comparer = null) => _instances = new HashSet<T>(comparer);

    /// <summary>The number of distinct values held.</summary>
    public int Count => _instances.Count;

    /// <summary>The instance held for values equal to <paramref name="value"/>; <paramref name="value"/> itself when it is the first.</summary>
    public T Share(T value)
    {
        if (_instances.TryGetValue(value, out T? shared))
        {
            return shared;
        }

        _instances.Add(value);
        return value;
    }
}
