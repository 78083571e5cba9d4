using OversightLedger.Domain.Entries;

namespace OversightLedger.Reporting.Building;

/// <summary>A program as the builder follows it up to the end of the quarter.</summary>
internal sealed class ProgramState(ProgramOpened terms, ulong openedLeaf)
{
    public ProgramOpened Terms { get; } = terms;

    public ulong OpenedLeaf { get; } = openedLeaf;

    public long Enrolled { get; set; }

    public FlowCounter InQuarter { get; } = new(terms.Currency);

    public Dictionary<string, FlowCounter> ByBudget { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The beneficiaries paid within the quarter, each held as the first 16 bytes of its 32-byte pseudonym (an HMAC
    /// output, so the truncation is as collision-resistant as a 128-bit hash): 16 bytes per beneficiary, not a string.
    /// </summary>
    public HashSet<UInt128> Reached { get; } = [];
}
