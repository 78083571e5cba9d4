using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Rendering;

/// <summary>Which budgets and tranches a rendered report marks as humanitarian.</summary>
internal static class HumanitarianFlags
{
    /// <summary>
    /// Whether the budget funds humanitarian activities: it has a humanitarian tranche, or a humanitarian exemption in
    /// force at the end of the quarter.
    /// </summary>
    public static bool IsHumanitarian(BudgetReport budget, IReadOnlyList<ExemptionReport> exemptionsInForce) =>
        budget.Tranches.Any(t => t.Humanitarian)
        || exemptionsInForce.Any(e => string.Equals(e.Budget, budget.Budget, StringComparison.Ordinal));

    /// <summary>Whether the tranche <paramref name="tranche"/> of the budget is humanitarian; null when the budget has no such tranche.</summary>
    public static bool? TrancheIsHumanitarian(BudgetReport budget, string? tranche) =>
        budget.Tranches.FirstOrDefault(t => string.Equals(t.Tranche, tranche, StringComparison.Ordinal))?.Humanitarian;
}
