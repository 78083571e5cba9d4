using Microsoft.Extensions.DependencyInjection;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Replay;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Snapshots;

namespace OversightLedger.Grains.Budgets;

/// <summary>The budget's state snapshots (issue 17): restore at activation, write in the background as entries are applied.</summary>
public sealed partial class ReliefBudgetGrain
{
    private GrainSnapshotSchedule? _snapshots;

    /// <summary>
    /// The budget's state: its latest snapshot that agrees with the log, plus its entries after the snapshot's position;
    /// or, without one, all of its entries (<see cref="LedgerReplay.ForBudget(string)"/>).
    /// </summary>
    private async Task<ReliefBudget> RestoreAsync(string id)
    {
        string subject = LogSubjects.Budget(id);
        if (ServiceProvider.GetService<GrainSnapshots>() is not { } snapshots)
        {
            return LedgerReplay.ForBudget(id).ApplyAll(await log.ReadSubjectAsync(subject)).Budgets.GetValueOrDefault(id) ?? new ReliefBudget(id);
        }

        GrainRestore<ReliefBudget> restore = await snapshots.RestoreAsync(ReliefBudget.SnapshotKind, id, subject, body => ReliefBudget.FromSnapshot(id, body));
        LedgerReplay replay = restore.State is { } state ? LedgerReplay.ForBudget(state) : LedgerReplay.ForBudget(id);
        ReliefBudget budget = replay.ApplyAll(restore.Tail).Budgets.GetValueOrDefault(id) ?? restore.State ?? new ReliefBudget(id);
        _snapshots = snapshots.Schedule(ReliefBudget.SnapshotKind, id, subject, restore.Position, restore.Tail.Count, budget.HasApplied, budget.ToSnapshot);
        return budget;
    }

    /// <summary>Counts applied entries toward the next snapshot.</summary>
    private void CountForSnapshot(int applied) => _snapshots?.Applied(applied);
}
