namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// The sequencer of one public log (keyed by its origin): batches appends, makes them durable in the
/// tiles and a signed checkpoint, and answers each caller with its leaf index. Appends are idempotent
/// by the entry's <c>id</c>: the same entry again gets the same leaf; a different entry under an id
/// the log already has is refused (<see cref="InvalidOperationException"/>) and nothing of the call is appended.
/// </summary>
[Alias("OversightLedger.Grains.AuditLog.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>Appends one canonical-JSON entry (it must carry a string <c>id</c>); returns once it is durable.</summary>
    [Alias("AppendAsync")]
    Task<LogAppendReceipt> AppendAsync(byte[] entry);

    /// <summary>Appends entries in order, in as few batches as possible; returns one receipt per entry, once all are durable.</summary>
    [Alias("AppendManyAsync")]
    Task<LogAppendReceipt[]> AppendManyAsync(byte[][] entries);

    /// <summary>The leaf index of the entry with this id, or null when the log has none.</summary>
    [Alias("FindAsync")]
    Task<ulong?> FindAsync(string entryId);

    /// <summary>The leaf indices, in order and at or after <paramref name="fromIndex"/>, of the entries that name <paramref name="subject"/> (e.g. <c>budget/b-1</c>).</summary>
    [Alias("GetSubjectEntriesAsync")]
    Task<ulong[]> GetSubjectEntriesAsync(string subject, ulong fromIndex);

    /// <summary>The latest signed checkpoint.</summary>
    [Alias("GetTreeHeadAsync")]
    Task<LogTreeHead> GetTreeHeadAsync();
}
