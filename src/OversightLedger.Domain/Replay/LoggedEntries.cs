using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Replay;

/// <summary>
/// What a bounded replay keeps of the entries it has applied, instead of the entries: which leaf holds each id
/// (<see cref="EntryIdFingerprintIndex"/>, twelve bytes a slot) and one bit per leaf saying whether the entry was counted
/// (<see cref="CountedLeaves"/>). An entry that a rule needs again (the disbursement a reversal or a delivery names, an
/// enrolment looked up by id) is read back from the log.
/// </summary>
/// <remarks>Budgets and programs made by a bounded <see cref="LedgerReplay"/> hold one, shared; not thread-safe.</remarks>
internal sealed class LoggedEntries
{
    private readonly Func<ulong, LedgerEntry?> _entryAtLeaf;
    private readonly EntryIdFingerprintIndex _ids;
    private readonly CountedLeaves _counted = new();

    /// <summary>Entries read back with <paramref name="entryAtLeaf"/>, the entry of the log at a leaf (null if malformed or absent).</summary>
    public LoggedEntries(Func<ulong, LedgerEntry?> entryAtLeaf)
        : this(entryAtLeaf, new EntryIdFingerprintIndex(leaf => entryAtLeaf(leaf)?.Id))
    {
    }

    /// <summary>With a chosen id index (tests force fingerprint collisions with it).</summary>
    internal LoggedEntries(Func<ulong, LedgerEntry?> entryAtLeaf, EntryIdFingerprintIndex ids)
    {
        ArgumentNullException.ThrowIfNull(entryAtLeaf);
        ArgumentNullException.ThrowIfNull(ids);
        _entryAtLeaf = entryAtLeaf;
        _ids = ids;
    }

    /// <summary>Where the programs put the per-beneficiary totals of closed cap periods.</summary>
    public ClosedPeriodFile ClosedPeriods { get; } = new();

    /// <summary>The id index.</summary>
    public EntryIdFingerprintIndex Ids => _ids;

    /// <summary>Records that <paramref name="id"/> is at <paramref name="leafIndex"/>; false when an earlier leaf has it.</summary>
    public bool TryAddId(string id, ulong leafIndex) => _ids.TryAdd(id, leafIndex);

    /// <summary>Records that the entry at <paramref name="leafIndex"/> was counted (applied to its budget and program).</summary>
    public void MarkCounted(ulong leafIndex) => _counted.Mark(leafIndex);

    /// <summary>Whether the entry at <paramref name="leafIndex"/> was counted.</summary>
    public bool IsCounted(ulong leafIndex) => _counted.Contains(leafIndex);

    /// <summary>The counted entry with this id, read back from the log, and its leaf; null when no counted entry has it.</summary>
    public LedgerEntry? FindCounted(string id, out ulong leafIndex) =>
        _ids.TryGetLeaf(id, out leafIndex) && IsCounted(leafIndex) && _entryAtLeaf(leafIndex) is { } entry && entry.Id == id ? entry : null;
}
