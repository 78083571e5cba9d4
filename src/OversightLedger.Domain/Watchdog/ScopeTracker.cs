using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Watchdog;

/// <summary>
/// A <see cref="WatchdogScope"/> plus what the log taught about it: the programs that draw on an overseen budget
/// (listed eligible for one, or paying from one). A program stays in scope once it drew on an overseen budget.
/// </summary>
internal sealed class ScopeTracker(WatchdogScope scope)
{
    private readonly HashSet<string> _programsDrawingOnOverseenBudgets = new(StringComparer.Ordinal);

    internal void Learn(LedgerEntry entry)
    {
        if (scope.IsEverything)
        {
            return;
        }

        (string? budget, string? program) = entry switch
        {
            ProgramEligible eligible => (eligible.Budget, eligible.Program),
            Disbursed paid => (paid.Budget, paid.Program),
            _ => (null, null),
        };
        if (budget is not null && program is not null && scope.OverseesBudget(budget))
        {
            _programsDrawingOnOverseenBudgets.Add(program);
        }
    }

    internal bool CoversProgram(string program) => scope.ListsProgram(program) || _programsDrawingOnOverseenBudgets.Contains(program);

    /// <summary>Whether a finding about these budgets and programs is the watchdog's business: any one of them in scope.</summary>
    internal bool Covers(IEnumerable<string> budgets, IEnumerable<string> programs) =>
        scope.IsEverything || budgets.Any(scope.OverseesBudget) || programs.Any(CoversProgram);

    /// <summary>Writes the programs learnt from the log.</summary>
    internal void Write(BinaryWriter writer) => WatchdogStateCodec.WriteStrings(writer, _programsDrawingOnOverseenBudgets);

    /// <summary>Reads what <see cref="Write"/> wrote into this (empty) state.</summary>
    internal void Read(BinaryReader reader) => _programsDrawingOnOverseenBudgets.UnionWith(WatchdogStateCodec.ReadStrings(reader));
}
