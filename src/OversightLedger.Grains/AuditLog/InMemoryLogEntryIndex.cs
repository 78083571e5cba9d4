namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// The sequencer's index held in memory: the azure profile's, and the embedded one's with <c>Log:IndexOnDisk</c> off.
/// Without snapshots it records no position, so every activation indexes the whole log again. With them
/// (<see cref="LogIndexSnapshots"/>, issue 17) it is written to the grain snapshot store in the background and restored
/// from there (<see cref="Restore"/>), after which <see cref="Open"/> answers the snapshot's position, which the
/// sequencer checks against the log before indexing only the entries after it.
/// </summary>
/// <remarks>
/// Three parts, looked up newest first: the entries taken since the last snapshot began (ids exact), those a snapshot
/// being written holds (frozen, read by the snapshot's merge on another thread), and those of the last snapshot
/// (<see cref="SnapshottedLogIndex"/>: ids as keyed fingerprints, immutable). Starting a snapshot
/// (<see cref="BeginSnapshot"/>) costs the sequencer's turn nothing but swapping the first part out.
/// </remarks>
public sealed class InMemoryLogEntryIndex : ILogEntryIndex
{
    private SnapshottedLogIndex _snapshotted = SnapshottedLogIndex.Empty();
    private EntryIdFingerprinter _fingerprinter;
    private LogIndexGeneration? _frozen;
    private LogIndexGeneration _live = new();
    private LogIndexPosition? _position;
    private LogIndexPosition? _restored;

    /// <summary>An empty index.</summary>
    public InMemoryLogEntryIndex() => _fingerprinter = new EntryIdFingerprinter(_snapshotted.Key);

    /// <summary>The position of the last entries taken (null when none, since it was cleared or restored).</summary>
    public LogIndexPosition? Position => _position;

    /// <inheritdoc/>
    public LogIndexPosition? Open() => _restored;

    /// <inheritdoc/>
    public void Clear() => Reset(SnapshottedLogIndex.Empty(), null);

    /// <inheritdoc/>
    public void Add(IReadOnlyList<IndexedLogEntry> entries, LogIndexPosition position)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (IndexedLogEntry entry in entries)
        {
            _live.Add(entry);
        }

        _position = position;
    }

    /// <inheritdoc/>
    public Task WaitForRoomAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public bool TryGetLeafIndex(string entryId, out ulong leafIndex) =>
        _live.TryGetLeafIndex(entryId, out leafIndex)
        || (_frozen is not null && _frozen.TryGetLeafIndex(entryId, out leafIndex))
        || _snapshotted.TryGetLeafIndex(_fingerprinter, entryId, out leafIndex);

    /// <inheritdoc/>
    public ulong[] SubjectEntries(string subject, ulong fromIndex)
    {
        // The parts hold ascending, disjoint ranges of leaves: oldest first.
        var leaves = new List<ulong>();
        _snapshotted.AppendSubjectEntries(subject, fromIndex, leaves);
        _frozen?.AppendSubjectEntries(subject, fromIndex, leaves);
        _live.AppendSubjectEntries(subject, fromIndex, leaves);
        return [.. leaves];
    }

    /// <summary>Closes the index: what it held is dropped (the next activation restores or indexes the log again).</summary>
    public void Dispose() => Clear();

    /// <summary>
    /// Replaces everything with <paramref name="snapshot"/>'s entries; <see cref="Open"/> then answers
    /// <paramref name="position"/> (the snapshot's, which the sequencer checks against the log).
    /// </summary>
    internal void Restore(SnapshottedLogIndex snapshot, LogIndexPosition position)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Reset(snapshot, position);
    }

    /// <summary>
    /// Starts a snapshot of everything taken so far, on the sequencer's turn: the entries since the last one are frozen
    /// for <see cref="LogIndexSnapshotCapture.Merge"/> to fold in on another thread. Null when there is nothing new, or
    /// a snapshot is already under way.
    /// </summary>
    internal LogIndexSnapshotCapture? BeginSnapshot()
    {
        if (_frozen is not null || _position is not { } position || _live.Count == 0 && position.TreeSize == _snapshotted.TreeSize)
        {
            return null;
        }

        _frozen = _live;
        _live = new LogIndexGeneration();
        return new LogIndexSnapshotCapture(_snapshotted, _frozen, position);
    }

    /// <summary>
    /// Ends the snapshot <paramref name="capture"/> began, on the sequencer's turn: <paramref name="merged"/> (its merge)
    /// replaces the part it was merged from and the frozen entries, or, when the merge failed (null), the frozen entries
    /// stay and no snapshot starts again in this activation. Nothing happens if the index was cleared or restored since.
    /// </summary>
    internal void EndSnapshot(LogIndexSnapshotCapture capture, SnapshottedLogIndex? merged)
    {
        ArgumentNullException.ThrowIfNull(capture);
        if (!ReferenceEquals(_frozen, capture.Frozen) || !ReferenceEquals(_snapshotted, capture.Snapshotted) || merged is null)
        {
            return;
        }

        _snapshotted = merged;
        _frozen = null;
    }

    private void Reset(SnapshottedLogIndex snapshot, LogIndexPosition? restored)
    {
        _fingerprinter.Dispose();
        _snapshotted = snapshot;
        _fingerprinter = new EntryIdFingerprinter(snapshot.Key);
        _frozen = null;
        _live = new LogIndexGeneration();
        _restored = restored;
        _position = restored;
    }
}
