using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Watchdog;

/// <summary>
/// The budgets and programs a watchdog oversees. Both empty means everything. Otherwise a budget is in scope when it is
/// listed, and a program when it is listed or draws on an overseen budget: the log lists it as eligible for one
/// (ProgramEligible) or shows it paying from one (Disbursed). The monitor learns the second kind from the log.
/// </summary>
public sealed class WatchdogScope
{
    /// <summary>A scope of the listed budgets and programs (both empty: everything).</summary>
    /// <exception cref="ArgumentException">An id is not a valid identifier.</exception>
    public WatchdogScope(IEnumerable<string> budgets, IEnumerable<string> programs)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        ArgumentNullException.ThrowIfNull(programs);
        Budgets = new NameSet(budgets.Select(b => FieldFormat.Identifier(b, nameof(budgets))));
        Programs = new NameSet(programs.Select(p => FieldFormat.Identifier(p, nameof(programs))));
    }

    /// <summary>The scope of a watchdog that oversees the whole log.</summary>
    public static WatchdogScope Everything { get; } = new([], []);

    /// <summary>The budgets overseen (with every program that draws on them).</summary>
    public NameSet Budgets { get; }

    /// <summary>The programs overseen by name.</summary>
    public NameSet Programs { get; }

    /// <summary>Whether the watchdog oversees the whole log.</summary>
    public bool IsEverything => Budgets.Count == 0 && Programs.Count == 0;

    /// <summary>Whether the budget is overseen.</summary>
    public bool OverseesBudget(string budget) => IsEverything || Budgets.Contains(budget);

    /// <summary>Whether the program is overseen by name (programs drawing on an overseen budget are known only from the log).</summary>
    public bool ListsProgram(string program) => IsEverything || Programs.Contains(program);
}
