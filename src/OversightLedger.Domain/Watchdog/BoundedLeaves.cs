namespace OversightLedger.Domain.Watchdog;

/// <summary>The first leaves of something, up to a bound: what a finding cites when it rests on a count of entries.</summary>
internal sealed class BoundedLeaves(int capacity)
{
    private readonly List<long> _leaves = [];

    internal IReadOnlyList<long> Leaves => _leaves;

    internal void Add(long leaf)
    {
        if (_leaves.Count < capacity)
        {
            _leaves.Add(leaf);
        }
    }

    internal void Write(BinaryWriter writer) => WatchdogStateCodec.WriteLeaves(writer, _leaves);

    internal void Read(BinaryReader reader)
    {
        foreach (long leaf in WatchdogStateCodec.ReadLeaves(reader))
        {
            Add(leaf);
        }
    }
}
