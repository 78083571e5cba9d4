namespace OversightLedger.Reporting.Model;

/// <summary>What a snap-back event did to a budget.</summary>
public enum SnapBackEventKind
{
    /// <summary>A <c>BudgetFrozen</c> entry; written <c>frozen</c>.</summary>
    Frozen,

    /// <summary>A <c>BudgetUnfrozen</c> entry; written <c>unfrozen</c>.</summary>
    Unfrozen,
}
