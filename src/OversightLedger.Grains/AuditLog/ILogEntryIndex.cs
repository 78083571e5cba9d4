namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// The sequencer's index of the log (issue 17): the leaf of each entry id, for idempotent appends and <c>FindAsync</c>,
/// and the leaves of the entries that name each subject, for the grains that rebuild their state from the log. It is
/// derived data: it records the tree size and root it covers (<see cref="LogIndexPosition"/>), the sequencer checks that
/// position against the log at activation and indexes only the entries after it, and a position the log disagrees with
/// (or an index that cannot be read) is discarded and the index rebuilt from the log.
/// </summary>
/// <remarks>
/// <para>
/// One instance per silo (a singleton): each activation of the sequencer opens it (<see cref="Open"/> or
/// <see cref="Clear"/>) and closes it (<see cref="IDisposable.Dispose"/>) when it deactivates; a closed index can be
/// opened again; closing writes what was added first. Every lookup and <see cref="Add"/> is
/// synchronous on purpose: the sequencer looks ids up and enqueues appends in one turn, with no await in between for
/// another append to slip into. Implementations answer from memory or local disk.
/// </para>
/// <para>
/// <see cref="InMemoryLogEntryIndex"/> keeps everything in memory (the azure profile's): it records a position only when
/// restored from its snapshot in the grain snapshot store (<see cref="LogIndexSnapshots"/>), and is otherwise rebuilt from
/// the log at activation; the embedded server, and the test clusters, keep it in SQLite under the data directory.
/// </para>
/// </remarks>
public interface ILogEntryIndex : IDisposable
{
    /// <summary>
    /// Opens the index and answers the position it covers: every entry below <see cref="LogIndexPosition.TreeSize"/> is
    /// indexed, none above it. Null when it records none (new, or not kept between activations); an index that cannot be
    /// read is emptied and answers null.
    /// </summary>
    LogIndexPosition? Open();

    /// <summary>Discards everything indexed: the next entries added start from leaf 0.</summary>
    void Clear();

    /// <summary>
    /// Indexes <paramref name="entries"/> (their leaves ascending, above every leaf indexed before) and records
    /// <paramref name="position"/> as covered, atomically. A repeated id names the later leaf. The entries are answered
    /// by the lookups at once; an index kept on disk may write them later, in the background and together with later
    /// batches (its file then records the last batch's position), so a crash leaves it behind the log, never ahead.
    /// </summary>
    /// <exception cref="InvalidOperationException">The index failed to write earlier batches: the sequencer must catch up from the log.</exception>
    void Add(IReadOnlyList<IndexedLogEntry> entries, LogIndexPosition position);

    /// <summary>
    /// Back-pressure for an index written in the background: completes when the entries added but not yet written are
    /// below the index's bound (at once for an index in memory, or one whose writer has failed), so that memory cannot
    /// grow without bound when the disk is slower than the log.
    /// </summary>
    Task WaitForRoomAsync(CancellationToken cancellationToken);

    /// <summary>The leaf index of the entry with this id; false when the index has none.</summary>
    bool TryGetLeafIndex(string entryId, out ulong leafIndex);

    /// <summary>The leaf indices, ascending and at or after <paramref name="fromIndex"/>, of the entries that name <paramref name="subject"/>.</summary>
    ulong[] SubjectEntries(string subject, ulong fromIndex);
}
