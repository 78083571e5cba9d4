namespace OversightLedger.Grains.AuditLog;

/// <summary>What <see cref="ILogEntryIndex"/> keeps of one log entry: its id, the subjects it names and its leaf.</summary>
/// <param name="Id">The entry's id.</param>
/// <param name="Subjects">The subjects it is indexed under (<see cref="LogSubjects"/>).</param>
/// <param name="LeafIndex">Its leaf in the log.</param>
public readonly record struct IndexedLogEntry(string Id, IReadOnlyList<string> Subjects, ulong LeafIndex);
