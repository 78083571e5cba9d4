using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Findings;

/// <summary>
/// DESIGN §5.4: which budgets a confirmed finding snaps back. A budget is frozen when the finding names it and the class
/// of the finding is one of the budget's <see cref="BudgetOpened.SnapBackClasses"/>; the freezing itself is
/// <c>ReliefBudget.DecideFreeze</c>, which leaves humanitarian-exempt funds flowing.
/// </summary>
public static class SnapBack
{
    /// <summary>
    /// The budgets among <see cref="FindingRaised.Budgets"/> whose terms name the finding's class as a snap-back class.
    /// The caller has established that the finding is confirmed; budgets whose terms are unknown (null) are left out.
    /// </summary>
    /// <param name="finding">The confirmed finding.</param>
    /// <param name="termsOf">The BudgetOpened entry of a budget id, or null when the budget is not open.</param>
    public static NameSet BudgetsToFreeze(FindingRaised finding, Func<string, BudgetOpened?> termsOf)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(termsOf);
        return new NameSet(finding.Budgets.Where(budget => termsOf(budget) is { } terms && terms.SnapBackClasses.Contains(finding.Class)));
    }

    /// <summary>Like <see cref="BudgetsToFreeze(FindingRaised, Func{string, BudgetOpened?})"/>, and empty unless the finding is confirmed.</summary>
    public static NameSet BudgetsToFreeze(FindingRecord finding, Func<string, BudgetOpened?> termsOf)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.IsConfirmed ? BudgetsToFreeze(finding.Raised, termsOf) : NameSet.Empty;
    }
}
