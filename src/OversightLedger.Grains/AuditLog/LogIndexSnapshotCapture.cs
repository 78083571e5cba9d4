namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// A snapshot of an <see cref="InMemoryLogEntryIndex"/> under way (<see cref="InMemoryLogEntryIndex.BeginSnapshot"/>): the
/// last snapshotted part, the entries taken since (frozen), and the position they reach together.
/// </summary>
/// <param name="Snapshotted">The part of the last snapshot (or restore).</param>
/// <param name="Frozen">The entries taken since, no longer added to.</param>
/// <param name="Position">The tree size and root the two reach: the snapshot's position.</param>
internal sealed record LogIndexSnapshotCapture(SnapshottedLogIndex Snapshotted, LogIndexGeneration Frozen, LogIndexPosition Position)
{
    /// <summary>The two parts as one, for the snapshot: reads them only, so it may run on another thread.</summary>
    public SnapshottedLogIndex Merge() => Snapshotted.Merge(Frozen, Position.TreeSize);
}
