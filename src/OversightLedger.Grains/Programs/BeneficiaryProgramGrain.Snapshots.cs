using Microsoft.Extensions.DependencyInjection;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Snapshots;

namespace OversightLedger.Grains.Programs;

/// <summary>The program's state snapshots (issue 17): restore at activation, write in the background as entries are applied.</summary>
public sealed partial class BeneficiaryProgramGrain
{
    private GrainSnapshotSchedule? _snapshots;

    /// <summary>
    /// The program's state: its latest snapshot that agrees with the log, plus its entries after the snapshot's position;
    /// or, without one, all of its entries (<see cref="LedgerReplay.ForProgram(string)"/>).
    /// </summary>
    private async Task<BeneficiaryProgram> RestoreAsync(string id)
    {
        string subject = LogSubjects.Program(id);
        if (ServiceProvider.GetService<GrainSnapshots>() is not { } snapshots)
        {
            return LedgerReplay.ForProgram(id).ApplyAll(await log.ReadSubjectAsync(subject)).Programs.GetValueOrDefault(id) ?? new BeneficiaryProgram(id);
        }

        GrainRestore<BeneficiaryProgram> restore = await snapshots.RestoreAsync(
            BeneficiaryProgram.SnapshotKind, id, subject, body => BeneficiaryProgram.FromSnapshot(id, body));
        LedgerReplay replay = restore.State is { } state ? LedgerReplay.ForProgram(state) : LedgerReplay.ForProgram(id);
        BeneficiaryProgram program = replay.ApplyAll(restore.Tail).Programs.GetValueOrDefault(id) ?? restore.State ?? new BeneficiaryProgram(id);
        _snapshots = snapshots.Schedule(BeneficiaryProgram.SnapshotKind, id, subject, restore.Position, restore.Tail.Count, program.HasApplied, program.ToSnapshot);
        return program;
    }

    /// <summary>Counts applied rows toward the next snapshot.</summary>
    private void CountForSnapshot(int applied) => _snapshots?.Applied(applied);
}
