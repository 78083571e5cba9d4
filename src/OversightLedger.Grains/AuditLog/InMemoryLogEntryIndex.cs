namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// The sequencer's index held in memory only (<see cref="LogEntryIndex"/>): it records no position, so every activation
/// indexes the whole log again. The azure profile's index, and the test clusters'.
/// </summary>
public sealed class InMemoryLogEntryIndex : ILogEntryIndex
{
    private LogEntryIndex _index = new();

    /// <inheritdoc/>
    public LogIndexPosition? Open() => null;

    /// <inheritdoc/>
    public void Clear() => _index = new LogEntryIndex();

    /// <inheritdoc/>
    public void Add(IReadOnlyList<IndexedLogEntry> entries, LogIndexPosition position)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (IndexedLogEntry entry in entries)
        {
            _index.Add(entry.Id, entry.Subjects, entry.LeafIndex);
        }
    }

    /// <inheritdoc/>
    public Task WaitForRoomAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public bool TryGetLeafIndex(string entryId, out ulong leafIndex) => _index.TryGetLeafIndex(entryId, out leafIndex);

    /// <inheritdoc/>
    public ulong[] SubjectEntries(string subject, ulong fromIndex) => _index.SubjectEntries(subject, fromIndex);

    /// <summary>Closes the index: what it held is dropped (the next activation indexes the log again).</summary>
    public void Dispose() => Clear();
}
