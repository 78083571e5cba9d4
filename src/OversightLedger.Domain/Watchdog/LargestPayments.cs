namespace OversightLedger.Domain.Watchdog;

/// <summary>
/// A bounded sample of the largest payments seen (leaf and amount), so a finding about a whole period can cite its most
/// telling leaves without keeping every entry. Among equal amounts the earlier leaf is kept.
/// </summary>
internal sealed class LargestPayments(int capacity)
{
    // A min-heap on (amount, −leaf): the root is the payment to drop first (the smallest, the latest among equals).
    private readonly PriorityQueue<long, (long Units, long NegatedLeaf)> _heap = new(capacity);

    internal void Offer(long leaf, long units)
    {
        (long, long) priority = (units, -leaf);
        if (_heap.Count < capacity)
        {
            _heap.Enqueue(leaf, priority);
        }
        else if (_heap.TryPeek(out _, out (long Units, long NegatedLeaf) smallest) && priority.CompareTo(smallest) > 0)
        {
            _heap.EnqueueDequeue(leaf, priority);
        }
    }

    /// <summary>The sampled leaves, largest payment first.</summary>
    internal IEnumerable<long> LargestFirst() =>
        _heap.UnorderedItems.OrderByDescending(item => item.Priority).Select(item => item.Element);

    /// <summary>Writes the sample, largest first.</summary>
    internal void Write(BinaryWriter writer)
    {
        (long Leaf, long Units)[] items = [.. _heap.UnorderedItems.OrderByDescending(item => item.Priority).Select(item => (item.Element, item.Priority.Units))];
        writer.Write7BitEncodedInt(items.Length);
        foreach ((long leaf, long units) in items)
        {
            writer.Write7BitEncodedInt64(leaf);
            writer.Write7BitEncodedInt64(units);
        }
    }

    /// <summary>Offers again what <see cref="Write"/> wrote.</summary>
    internal void Read(BinaryReader reader)
    {
        int count = WatchdogStateCodec.ReadCount(reader);
        for (int i = 0; i < count; i++)
        {
            long leaf = reader.Read7BitEncodedInt64();
            Offer(leaf, reader.Read7BitEncodedInt64());
        }
    }
}
