using OversightLedger.Domain.Entries;

namespace OversightLedger.Reporting.Building;

/// <summary>
/// How a <see cref="QuarterlyReportBuilder"/> finds an earlier entry again — the disbursement a reversal or a delivery
/// names — without keeping it: the leaf of an id, then the entry at that leaf.
/// </summary>
/// <remarks>
/// An id's leaf is that of the first entry with the id among those a whole-log replay indexes
/// (<c>LedgerReplay.IndexesIdOf</c>): a later entry with the same id is a duplicate, which the rules refuse, and is never
/// the one found.
/// </remarks>
internal abstract class EarlierEntries
{
    /// <summary>The leaf of the first indexed entry with <paramref name="id"/> noted so far; false when none has it.</summary>
    public abstract bool TryGetLeafOfId(string id, out ulong leafIndex);

    /// <summary>The entry at <paramref name="leafIndex"/>, a leaf already added (null when malformed).</summary>
    public abstract LedgerEntry? EntryAt(ulong leafIndex);

    /// <summary>Told every valid entry once the builder has counted it, in leaf order.</summary>
    public virtual void Note(ulong leafIndex, LedgerEntry entry)
    {
    }
}
