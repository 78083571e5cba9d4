using OversightLedger.Domain.Collections;

namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// The entries an <see cref="InMemoryLogEntryIndex"/> took since its last snapshot (or since it was cleared): ids exact
/// (<see cref="EntryIdMap{TValue}"/>) and each subject's leaves as runs. Grows on the sequencer's turn; when a snapshot
/// starts it is frozen (only read from then on) and merged into the next <see cref="SnapshottedLogIndex"/> on another
/// thread.
/// </summary>
internal sealed class LogIndexGeneration
{
    private readonly EntryIdMap<ulong> _ids = new();
    private readonly Dictionary<string, SubjectLeafRuns> _subjects = new(StringComparer.Ordinal);

    /// <summary>The number of ids.</summary>
    public int Count => _ids.Count;

    /// <summary>Every id with its leaf (a repeated id with its later leaf).</summary>
    public IEnumerable<KeyValuePair<string, ulong>> Ids => _ids;

    /// <summary>Every subject with its leaves.</summary>
    public IReadOnlyDictionary<string, SubjectLeafRuns> Subjects => _subjects;

    /// <summary>Indexes the entry at <paramref name="entry"/>'s leaf, above every leaf added before; a repeated id then names the later leaf.</summary>
    public void Add(IndexedLogEntry entry)
    {
        _ids.AddOrReplace(entry.Id, entry.LeafIndex);
        foreach (string subject in entry.Subjects)
        {
            if (!_subjects.TryGetValue(subject, out SubjectLeafRuns? leaves))
            {
                leaves = new SubjectLeafRuns();
                _subjects.Add(subject, leaves);
            }

            leaves.Add(entry.LeafIndex);
        }
    }

    /// <summary>The leaf of the entry with this id; false when this generation has none.</summary>
    public bool TryGetLeafIndex(string entryId, out ulong leafIndex) => _ids.TryGetValue(entryId, out leafIndex);

    /// <summary>The leaves, ascending and at or after <paramref name="fromIndex"/>, of the entries that name <paramref name="subject"/>.</summary>
    public ulong[] SubjectEntries(string subject, ulong fromIndex) =>
        _subjects.TryGetValue(subject, out SubjectLeafRuns? runs) ? runs.From(fromIndex) : [];

    /// <summary>Appends the leaves at or after <paramref name="fromIndex"/> of the entries that name <paramref name="subject"/>.</summary>
    public void AppendSubjectEntries(string subject, ulong fromIndex, List<ulong> leaves)
    {
        if (_subjects.TryGetValue(subject, out SubjectLeafRuns? runs))
        {
            runs.AppendFrom(fromIndex, leaves);
        }
    }
}
