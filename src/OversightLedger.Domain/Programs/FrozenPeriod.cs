using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Collections;

namespace OversightLedger.Domain.Programs;

/// <summary>
/// One period's table frozen for a new base of its program (<see cref="PeriodTable.Freeze"/>): what it stood on, its
/// changes, and, once <see cref="Merge"/> ran off the grain's turn, the sorted arrays the base holds for it.
/// </summary>
/// <param name="Period">The period.</param>
/// <param name="Table">The table, which adopts <see cref="Merged"/> once the base is stored.</param>
/// <param name="Frozen">What the table stood on and its frozen changes.</param>
internal sealed record FrozenPeriod(
    string Period, PeriodTable Table, (SortedPseudonyms Keys, long[] Totals, KeyValuePair<PseudonymBits, long>[] Changes) Frozen)
{
    /// <summary>The sorted arrays of the base (after <see cref="Merge"/>).</summary>
    public (SortedPseudonyms Keys, long[] Totals) Merged { get; private set; }

    /// <summary>Merges the frozen changes into sorted arrays; touches no live table (runs off the grain's turn).</summary>
    public void Merge() => Merged = PeriodTable.Merge(Frozen.Keys, Frozen.Totals, Frozen.Changes);
}
