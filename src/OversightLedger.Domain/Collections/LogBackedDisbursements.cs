namespace OversightLedger.Domain.Collections;

/// <summary>
/// What a grain's budget or program keeps of its committed disbursements when the log holds them (issue 17, item 2):
/// a membership filter of every id (<see cref="EntryIdFilter"/>, about two bytes each), the disbursements applied since
/// the last snapshot's position (exact: whether one is applied must be known until a snapshot covers it), and a few
/// disbursements recalled from the log for a rule that names them (a replayed id, a reversal, a delivery). Nothing else
/// per disbursement: memory and snapshots no longer hold each one's facts.
/// </summary>
/// <remarks>
/// <para>
/// The holder answers from what is kept; its grain must first recall from the log every disbursement it is about to
/// decide on that <see cref="MustRecall"/> names, and hand it over with <see cref="Recall"/>, with no await in between.
/// </para>
/// <para>
/// Applied below a position: every disbursement of the holder at a leaf below <see cref="AppliedBelow"/> that the filter
/// may hold is applied (the snapshot it was restored from, and its replay of the log after it, covered them); one the filter
/// does not hold never was. Not thread-safe.
/// </para>
/// </remarks>
/// <typeparam name="TValue">The facts kept of one disbursement.</typeparam>
internal sealed class LogBackedDisbursements<TValue>
    where TValue : struct
{
    /// <summary>How many recalled disbursements are kept before the oldest are let go.</summary>
    public const int RecalledCapacity = 1024;

    private readonly Dictionary<string, (TValue Value, ulong LeafIndex)> _sinceSnapshot = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TValue> _recalled = new(StringComparer.Ordinal);
    private readonly Queue<string> _recalledOrder = new();

    /// <summary>An empty store.</summary>
    public LogBackedDisbursements()
        : this(new EntryIdFilter(), count: 0)
    {
    }

    /// <summary>A store whose filter is <paramref name="ids"/> (a program's tracks the ids added since its base), every id in it counted.</summary>
    public LogBackedDisbursements(EntryIdFilter ids)
        : this(ids, ids.Count)
    {
    }

    private LogBackedDisbursements(EntryIdFilter ids, long count)
    {
        Ids = ids;
        Count = count;
    }

    /// <summary>The filter of every applied id.</summary>
    public EntryIdFilter Ids { get; }

    /// <summary>The number of applied disbursements.</summary>
    public long Count { get; private set; }

    /// <summary>Below this leaf every disbursement the filter may hold is applied.</summary>
    public ulong AppliedBelow { get; private set; }

    /// <summary>How many disbursements are held with their facts (applied since the snapshot, and recalled).</summary>
    public int Held => _sinceSnapshot.Count + _recalled.Count;

    /// <summary>The applied disbursements held since the last snapshot, with their leaves.</summary>
    public IReadOnlyDictionary<string, (TValue Value, ulong LeafIndex)> SinceSnapshot => _sinceSnapshot;

    /// <summary>The facts of an applied disbursement, when they are held.</summary>
    public bool TryGet(string id, out TValue value)
    {
        if (_sinceSnapshot.TryGetValue(id, out (TValue Value, ulong LeafIndex) recent))
        {
            value = recent.Value;
            return true;
        }

        return _recalled.TryGetValue(id, out value);
    }

    /// <summary>Whether the id may be an applied disbursement whose facts are not held: the log must be asked.</summary>
    public bool MustRecall(string id) => !_sinceSnapshot.ContainsKey(id) && !_recalled.ContainsKey(id) && Ids.MightContain(id);

    /// <summary>Records a disbursement applied at <paramref name="leafIndex"/>.</summary>
    public void Add(string id, TValue value, ulong leafIndex)
    {
        Ids.Add(id);
        _sinceSnapshot[id] = (value, leafIndex);
        Count++;
    }

    /// <summary>
    /// Whether the disbursement at <paramref name="leafIndex"/> of the log, with this id, is applied: held, or below
    /// <see cref="AppliedBelow"/> and in the filter.
    /// </summary>
    public bool IsApplied(string id, ulong leafIndex) =>
        _sinceSnapshot.ContainsKey(id) || _recalled.ContainsKey(id) || (leafIndex < AppliedBelow && Ids.MightContain(id));

    /// <summary>
    /// Holds disbursements recalled from the log (each one applied: <see cref="IsApplied"/>), letting the oldest recalled
    /// ones go first so that the whole batch is held at once.
    /// </summary>
    public void Recall(IReadOnlyList<(string Id, TValue Value)> batch)
    {
        while (_recalledOrder.Count > 0 && _recalledOrder.Count + batch.Count > RecalledCapacity)
        {
            _recalled.Remove(_recalledOrder.Dequeue());
        }

        foreach ((string id, TValue value) in batch)
        {
            if (_recalled.TryAdd(id, value))
            {
                _recalledOrder.Enqueue(id);
            }
        }
    }

    /// <summary>
    /// A snapshot at <paramref name="position"/> is written: the disbursements below it are in the snapshot and need not be
    /// held any more.
    /// </summary>
    public void ForgetBefore(ulong position)
    {
        foreach (string id in _sinceSnapshot.Where(d => d.Value.LeafIndex < position).Select(d => d.Key).ToList())
        {
            _sinceSnapshot.Remove(id);
        }

        if (_sinceSnapshot.Count < _sinceSnapshot.Capacity / 4)
        {
            _sinceSnapshot.TrimExcess(); // a dictionary keeps its arrays when emptied: let go of them too
        }

        MarkAppliedBelow(position);
    }

    /// <summary>Every disbursement of the holder below <paramref name="position"/> is applied (a restore replayed them).</summary>
    public void MarkAppliedBelow(ulong position) => AppliedBelow = Math.Max(AppliedBelow, position);

    /// <summary>
    /// Writes the filter and the count; the disbursements applied at or after <paramref name="position"/> (out of order,
    /// ahead of one not applied yet) are written by the holder with <paramref name="writeHeld"/>.
    /// </summary>
    public void Write(BinaryWriter writer, ulong position, Action<IReadOnlyCollection<(string Id, TValue Value, ulong LeafIndex)>> writeHeld)
    {
        writer.Write7BitEncodedInt64(Count);
        Ids.Write(writer);
        writeHeld([.. _sinceSnapshot.Where(d => d.Value.LeafIndex >= position).Select(d => (d.Key, d.Value.Value, d.Value.LeafIndex))]);
    }

    /// <summary>
    /// Writes the count and the ids added to the filter since its base (<see cref="EntryIdFilter.WriteAdded"/>); the held
    /// disbursements as <see cref="Write"/> does.
    /// </summary>
    public void WriteAdded(BinaryWriter writer, ulong position, Action<IReadOnlyCollection<(string Id, TValue Value, ulong LeafIndex)>> writeHeld)
    {
        writer.Write7BitEncodedInt64(Count);
        Ids.WriteAdded(writer);
        writeHeld([.. _sinceSnapshot.Where(d => d.Value.LeafIndex >= position).Select(d => (d.Key, d.Value.Value, d.Value.LeafIndex))]);
    }

    /// <summary>Reads what <see cref="WriteAdded"/> wrote onto <paramref name="ids"/>, the base's filter (or an empty tracking one).</summary>
    public static LogBackedDisbursements<TValue> ReadAdded(BinaryReader reader, EntryIdFilter ids)
    {
        long count = reader.Read7BitEncodedInt64();
        ids.ReadAdded(reader);
        return count < 0 || count != ids.Count
            ? throw new InvalidDataException("The disbursement count of the snapshot does not match its id filter.")
            : new LogBackedDisbursements<TValue>(ids, count);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; the held disbursements are read by the holder and added with <see cref="Hold"/>.</summary>
    public static LogBackedDisbursements<TValue> Read(BinaryReader reader)
    {
        long count = reader.Read7BitEncodedInt64();
        EntryIdFilter ids = EntryIdFilter.Read(reader);
        return count < 0 || count != ids.Count
            ? throw new InvalidDataException("The disbursement count of the snapshot does not match its id filter.")
            : new LogBackedDisbursements<TValue>(ids, count);
    }

    /// <summary>Holds a disbursement read from a snapshot (already counted in the filter and the count).</summary>
    public void Hold(string id, TValue value, ulong leafIndex)
    {
        if (!Ids.MightContain(id) || !_sinceSnapshot.TryAdd(id, (value, leafIndex)))
        {
            throw new InvalidDataException($"The snapshot holds the disbursement '{id}' twice, or outside its id filter.");
        }
    }
}
