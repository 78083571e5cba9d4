using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Licences;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Domain.Replay;

/// <summary>
/// Which leaf holds an id, for a reader that follows the same log beside a whole-log replay (the report builder of
/// <c>oversight replay</c>): it finds an earlier entry through the replay's id index instead of keeping one of its own.
/// </summary>
public sealed partial class LedgerReplay
{
    /// <summary>
    /// Whether a whole-log replay records <paramref name="entry"/>'s id in its id index (and refuses a later entry with the
    /// same id as a duplicate): entries of a budget or a program. Counterparty and licence entries are judged apart.
    /// </summary>
    public static bool IndexesIdOf(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Counterparty.CounterpartyOf(entry) is null && !LicenceRegime.Concerns(entry)
            && (ReliefBudget.BudgetOf(entry) is not null || BeneficiaryProgram.ProgramOf(entry) is not null);
    }

    /// <summary>
    /// The leaf of the first entry given so far whose id is <paramref name="id"/>, among those <see cref="IndexesIdOf"/>
    /// says are indexed; false when none has it. Whole-log replays only (bounded or not).
    /// </summary>
    /// <exception cref="InvalidOperationException">The replay rebuilds one budget or one program.</exception>
    public bool TryGetLeafOfId(string id, out ulong leafIndex)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_scoped)
        {
            throw new InvalidOperationException("A replay of one budget or program does not index every id.");
        }

        return _logged is not null ? _logged.Ids.TryGetLeaf(id, out leafIndex) : _firstLeafOfId.TryGetValue(id, out leafIndex);
    }
}
