namespace OversightLedger.Reporting.Tests.TestSupport;

/// <summary>What a test generated, added up under names of its choosing: the independent side of every comparison.</summary>
internal sealed class Tally
{
    private readonly Dictionary<string, (long Sum, long Count, long Min, long Max)> _values = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _marks = new(StringComparer.Ordinal);

    public void Add(string key, long amount)
    {
        (long sum, long count, long min, long max) = _values.GetValueOrDefault(key, (0, 0, long.MaxValue, long.MinValue));
        _values[key] = (sum + amount, count + 1, Math.Min(min, amount), Math.Max(max, amount));
    }

    /// <summary>Remembers that a group (a sector and currency, an aggregate…) exists.</summary>
    public void Mark(string name) => _marks.Add(name);

    public long Sum(string key) => _values.GetValueOrDefault(key).Sum;

    public long Count(string key) => _values.GetValueOrDefault(key).Count;

    public long Min(string key) => _values[key].Min;

    public long Max(string key) => _values[key].Max;

    public IEnumerable<string> Keys(string prefix) => _marks.Where(m => m.StartsWith(prefix, StringComparison.Ordinal));
}
