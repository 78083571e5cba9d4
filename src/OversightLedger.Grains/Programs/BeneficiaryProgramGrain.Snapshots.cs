using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Snapshots;

namespace OversightLedger.Grains.Programs;

/// <summary>
/// The program's state snapshots (issue 17): restore at activation, write in the background as entries are applied. The
/// state is log-backed (issue 17, item 2): it keeps no disbursement's facts but those applied since its last snapshot and
/// the few recalled from the log (<see cref="RecallAsync"/>) for a decision that names one.
/// </summary>
public sealed partial class BeneficiaryProgramGrain
{
    private GrainSnapshotSchedule? _snapshots;

    /// <summary>
    /// The program's state: its latest snapshot that agrees with the log, plus its entries after the snapshot's position;
    /// or, without one, all of its entries. The disbursements that the replayed reversals and deliveries name from before
    /// the snapshot are recalled from the log first.
    /// </summary>
    private async Task<BeneficiaryProgram> RestoreAsync(string id)
    {
        string subject = LogSubjects.Program(id);
        if (ServiceProvider.GetService<GrainSnapshots>() is not { } snapshots)
        {
            // No snapshots: nothing asks which entries are applied, so the replayed disbursements need not be held.
            BeneficiaryProgram replayed = Replay(BeneficiaryProgram.LogBacked(id), 0, ParsedLogEntry.ParseAll(await log.ReadSubjectAsync(subject)));
            replayed.ForgetDisbursementsBefore(replayed.AppliedBelow);
            return replayed;
        }

        _closedPeriodStore = snapshots.Options.Enabled ? snapshots.Store : null;
        _logger = ServiceProvider.GetService<ILogger<BeneficiaryProgramGrain>>();
        IGrainSnapshotStore store = snapshots.Store;
        GrainRestore<BeneficiaryProgram> restore = await snapshots.RestoreAsync(
            BeneficiaryProgram.SnapshotKind, id, subject, body => FromSnapshotAndBaseAsync(store, id, body));
        WarmBudgets(restore.Tail);
        BeneficiaryProgram state = restore.State ?? BeneficiaryProgram.LogBacked(id);
        state.MarkAppliedBelow(restore.Position);
        await RecallAsync(state, ParsedLogEntry.DisbursementsNamedBefore(restore.Tail));
        if (state.ClosedPeriods.Count > 0)
        {
            // The tail's late payments and reversals may name closed periods: their totals come back before the replay.
            await ReopenAsync(state, state.ClosedPeriodsNamedBy(restore.Tail
                .Select(t => t.Entry).OfType<LedgerEntry>()));
        }

        BeneficiaryProgram program = Replay(state, restore.Position, restore.Tail);
        _baseStore = snapshots.Options.Enabled ? store : null;
        _baseBytes = snapshots.Options.ProgramBaseBytes;
        _snapshots = snapshots.Schedule(
            BeneficiaryProgram.SnapshotKind, id, subject, restore.Position, restore.Tail.Count, program.HasApplied,
            position =>
            {
                _namedBase = program.BaseDigest; // on the grain's turn, with the capture: the base this snapshot names
                return program.ToSnapshot(position);
            },
            position =>
            {
                program.ForgetDisbursementsBefore(position);
                AfterSnapshotWritten(program);
            });
        return program;
    }

    /// <summary>Replays <paramref name="tail"/> onto <paramref name="state"/>; every disbursement up to its last leaf is then applied.</summary>
    private static BeneficiaryProgram Replay(BeneficiaryProgram state, ulong position, IReadOnlyList<ParsedLogEntry> tail)
    {
        BeneficiaryProgram program = LedgerReplay.ForProgram(state).ApplyAll(tail).Programs.GetValueOrDefault(state.ProgramId) ?? state;
        program.MarkAppliedBelow(tail.Count > 0 ? Math.Max(position, tail[^1].LeafIndex + 1) : position);
        return program;
    }

    /// <summary>
    /// Starts the activation of the budgets the replayed tail paid from (the last payment's budget, and any other the tail
    /// names), without waiting: a budget restores its own snapshot and tail on another thread while this program replays,
    /// instead of after it, when the first payment reserves on it.
    /// </summary>
    private void WarmBudgets(IReadOnlyList<ParsedLogEntry> tail)
    {
        var budgets = new HashSet<string>(StringComparer.Ordinal);
        for (int i = tail.Count - 1; i >= 0 && budgets.Count < 16; i--)
        {
            if (tail[i].Entry is Disbursed disbursed)
            {
                budgets.Add(disbursed.Budget);
            }
        }

        foreach (string budget in budgets)
        {
            _ = Budget(budget).GetAsync().ContinueWith(
                static warmed => _ = warmed.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Reads back from the log the committed disbursements among <paramref name="disbursementIds"/> whose facts the program
    /// does not hold (the sequencer's id index, then the entry) and hands them to the program, all at once after the
    /// reads: the caller decides on them with no await in between. An id the log does not have, or whose entry the program
    /// has not applied, is left out (the program then does not know it, as before).
    /// </summary>
    /// <returns>The disbursements read back and handed to the program.</returns>
    private async Task<IReadOnlyList<(Disbursed Entry, ulong LeafIndex)>> RecallAsync(BeneficiaryProgram program, IEnumerable<string> disbursementIds)
    {
        var found = new List<(Disbursed Entry, ulong LeafIndex)>();
        foreach (string id in disbursementIds.Where(program.MustRecallDisbursement).Distinct(StringComparer.Ordinal).ToList())
        {
            if (await log.FindAsync(id) is not { } leaf)
            {
                continue;
            }

            if (LedgerEntryParser.TryParse(await log.ReadAsync(leaf), out LedgerEntry? entry, out _) && entry is Disbursed disbursed && disbursed.Id == id)
            {
                found.Add((disbursed, leaf));
            }
        }

        (Disbursed Entry, ulong LeafIndex)[] applied = [.. found.Where(f => program.IsDisbursementApplied(f.Entry, f.LeafIndex))];
        program.RecallDisbursements(applied);
        return applied;
    }

    /// <summary>The committed disbursements among <paramref name="disbursementIds"/> whose facts the program holds now, by id.</summary>
    private Dictionary<string, (Disbursed Entry, ulong LeafIndex)> HeldDisbursements(IEnumerable<string> disbursementIds)
    {
        var held = new Dictionary<string, (Disbursed Entry, ulong LeafIndex)>(StringComparer.Ordinal);
        foreach (string id in disbursementIds)
        {
            if (_program.FindDisbursement(id) is { } recorded)
            {
                held.TryAdd(id, (recorded.Entry, recorded.LeafIndex));
            }
        }

        return held;
    }

    /// <summary>Counts applied rows toward the next snapshot.</summary>
    private void CountForSnapshot(int applied) => _snapshots?.Applied(applied);
}
