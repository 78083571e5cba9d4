using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;

namespace OversightLedger.Reporting.Building;

/// <summary>A budget as the builder follows it up to the end of the quarter.</summary>
internal sealed class BudgetState(BudgetOpened terms, ulong openedLeaf)
{
    public BudgetOpened Terms { get; } = terms;

    public ulong OpenedLeaf { get; } = openedLeaf;

    public Currency Currency => Terms.Currency;

    public List<TrancheState> Tranches { get; } = [];

    public Dictionary<string, TrancheState> TranchesById { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> EligiblePrograms { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ExemptionState> Exemptions { get; } = new(StringComparer.Ordinal);

    /// <summary>The verifiers registered with the budget and their groups (a defined benchmark counts only their verifications).</summary>
    public Dictionary<string, string> Verifiers { get; } = new(StringComparer.Ordinal);

    public bool Frozen { get; set; }

    public BudgetCounter InQuarter { get; } = new(terms.Currency);

    public BudgetCounter AtQuarterEnd { get; } = new(terms.Currency);

    /// <summary>The vetted payment lists within the quarter: submitted, vetted, rows approved, rows refused, expired.</summary>
    public long[] Vetting { get; } = new long[5];
}
