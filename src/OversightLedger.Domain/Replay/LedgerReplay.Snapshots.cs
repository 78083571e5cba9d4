using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Domain.Replay;

/// <summary>Replays that go on from a restored state (a snapshot) instead of from the start of the log.</summary>
public sealed partial class LedgerReplay
{
    /// <summary>
    /// A replay of one budget's entries after <paramref name="restored"/>, as <see cref="ForBudget(string)"/> but starting
    /// from that state: an entry the state has already applied is a duplicate and is not applied again.
    /// </summary>
    public static LedgerReplay ForBudget(ReliefBudget restored)
    {
        ArgumentNullException.ThrowIfNull(restored);
        LedgerReplay replay = ForBudget(restored.BudgetId);
        if (restored.IsOpen || restored.IsLogBacked)
        {
            replay._budgets.Add(restored.BudgetId, restored); // a log-backed state is filled even from before its opening
        }

        return replay;
    }

    /// <summary>
    /// A replay of one program's entries after <paramref name="restored"/>, as <see cref="ForProgram(string)"/> but
    /// starting from that state: an entry the state has already applied is a duplicate and is not applied again.
    /// </summary>
    public static LedgerReplay ForProgram(BeneficiaryProgram restored)
    {
        ArgumentNullException.ThrowIfNull(restored);
        LedgerReplay replay = ForProgram(restored.ProgramId);
        if (restored.IsOpen || restored.IsLogBacked)
        {
            replay._programs.Add(restored.ProgramId, restored); // a log-backed state is filled even from before its opening
        }

        return replay;
    }
}
