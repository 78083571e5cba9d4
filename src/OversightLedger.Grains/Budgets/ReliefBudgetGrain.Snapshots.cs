using Microsoft.Extensions.DependencyInjection;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Replay;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Snapshots;

namespace OversightLedger.Grains.Budgets;

/// <summary>
/// The budget's state snapshots (issue 17): restore at activation, write in the background as entries are applied. The
/// state is log-backed (issue 17, item 2): it keeps no disbursement's facts but those applied since its last snapshot and
/// the few recalled from the log (<see cref="RecallAsync"/>) for a decision or an apply that names one; its sums per
/// tranche stay exact.
/// </summary>
public sealed partial class ReliefBudgetGrain
{
    private GrainSnapshotSchedule? _snapshots;

    /// <summary>
    /// The budget's state: its latest snapshot that agrees with the log, plus its entries after the snapshot's position;
    /// or, without one, all of its entries. The disbursements that the replayed reversals and deliveries name from before
    /// the snapshot are recalled from the log first. A snapshot of the earlier form (every disbursement's facts) is of
    /// another body kind: it is discarded with a warning and the budget replays its log once.
    /// </summary>
    private async Task<ReliefBudget> RestoreAsync(string id)
    {
        string subject = LogSubjects.Budget(id);
        if (ServiceProvider.GetService<GrainSnapshots>() is not { } snapshots)
        {
            // No snapshots: nothing asks which entries are applied, so the replayed disbursements need not be held.
            ReliefBudget replayed = Replay(ReliefBudget.LogBacked(id), 0, ParsedLogEntry.ParseAll(await log.ReadSubjectAsync(subject)));
            replayed.ForgetDisbursementsBefore(replayed.AppliedBelow);
            return replayed;
        }

        GrainRestore<ReliefBudget> restore = await snapshots.RestoreAsync(
            ReliefBudget.SnapshotKind, id, subject, body => ReliefBudget.FromLogBackedSnapshot(id, body));
        ReliefBudget state = restore.State ?? ReliefBudget.LogBacked(id);
        state.MarkAppliedBelow(restore.Position);
        await RecallAsync(state, ParsedLogEntry.DisbursementsNamedBefore(restore.Tail));
        ReliefBudget budget = Replay(state, restore.Position, restore.Tail);
        _snapshots = snapshots.Schedule(
            ReliefBudget.SnapshotKind, id, subject, restore.Position, restore.Tail.Count, budget.HasApplied, budget.ToSnapshot, budget.ForgetDisbursementsBefore);
        return budget;
    }

    /// <summary>Replays <paramref name="tail"/> onto <paramref name="state"/>; every disbursement up to its last leaf is then applied.</summary>
    private static ReliefBudget Replay(ReliefBudget state, ulong position, IReadOnlyList<ParsedLogEntry> tail)
    {
        ReliefBudget budget = LedgerReplay.ForBudget(state).ApplyAll(tail).Budgets.GetValueOrDefault(state.BudgetId) ?? state;
        budget.MarkAppliedBelow(tail.Count > 0 ? Math.Max(position, tail[^1].LeafIndex + 1) : position);
        return budget;
    }

    /// <summary>
    /// Reads back from the log the committed disbursements among <paramref name="disbursementIds"/> whose facts the budget
    /// does not hold (the sequencer's id index, then the entry) and hands them to the budget, all at once after the reads:
    /// the caller decides or applies with no await in between. An id the log does not have, or whose entry the budget has
    /// not applied, is left out (the budget then does not know it, as before). A new id is almost never in the budget's
    /// filter: no lookup.
    /// </summary>
    private async Task RecallAsync(ReliefBudget budget, IEnumerable<string?> disbursementIds)
    {
        string[] ids = [.. disbursementIds.OfType<string>().Where(id => id.Length > 0).Distinct(StringComparer.Ordinal)];
        var asked = new HashSet<string>(StringComparer.Ordinal);

        // While this awaits, a snapshot may let go of an id that was held when the list was made: ask again for those.
        for (int round = 0; round < 3; round++)
        {
            List<string> recall = [.. ids.Where(id => !asked.Contains(id) && budget.MustRecallDisbursement(id))];
            if (recall.Count == 0)
            {
                return;
            }

            var found = new List<(Disbursed Entry, ulong LeafIndex)>();
            foreach (string id in recall)
            {
                asked.Add(id);
                if (await log.FindAsync(id) is not { } leaf)
                {
                    continue;
                }

                if (LedgerEntryParser.TryParse(await log.ReadAsync(leaf), out LedgerEntry? entry, out _) && entry is Disbursed disbursed && disbursed.Id == id)
                {
                    found.Add((disbursed, leaf));
                }
            }

            budget.RecallDisbursements([.. found.Where(f => budget.IsDisbursementApplied(f.Entry, f.LeafIndex))]);
        }
    }

    /// <summary>Counts applied entries toward the next snapshot.</summary>
    private void CountForSnapshot(int applied) => _snapshots?.Applied(applied);
}
