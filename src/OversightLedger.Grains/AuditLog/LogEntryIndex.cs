namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// What the sequencer keeps in memory about the entries in the log: the leaf index of each entry id (for idempotent
/// appends and <c>FindAsync</c>) and, per subject, the leaf indices of the entries that name it (for the grains that
/// rebuild their state from the log), held as one <see cref="LogIndexGeneration"/> (ids packed, a subject's indices as
/// runs): a few dozen bytes per entry in all. The entries themselves are read back from the log when needed.
/// </summary>
/// <remarks>Not thread-safe: the sequencer's activation owns it.</remarks>
internal sealed class LogEntryIndex
{
    private readonly LogIndexGeneration _entries = new();

    /// <summary>The number of ids indexed.</summary>
    public int Count => _entries.Count;

    /// <summary>Indexes the entry at <paramref name="leafIndex"/>; leaves come in ascending order. A repeated id then names the later leaf.</summary>
    public void Add(EntryEnvelope envelope, ulong leafIndex) => Add(envelope.Id, envelope.Subjects(), leafIndex);

    /// <summary>Indexes the entry at <paramref name="leafIndex"/>; leaves come in ascending order. A repeated id then names the later leaf.</summary>
    public void Add(string entryId, IEnumerable<string> subjects, ulong leafIndex) =>
        _entries.Add(new IndexedLogEntry(entryId, subjects as IReadOnlyList<string> ?? [.. subjects], leafIndex));

    /// <summary>The leaf index of the entry with this id; false when the log has none.</summary>
    public bool TryGetLeafIndex(string entryId, out ulong leafIndex) => _entries.TryGetLeafIndex(entryId, out leafIndex);

    /// <summary>The leaf indices, ascending and at or after <paramref name="fromIndex"/>, of the entries that name <paramref name="subject"/>.</summary>
    public ulong[] SubjectEntries(string subject, ulong fromIndex) => _entries.SubjectEntries(subject, fromIndex);
}
