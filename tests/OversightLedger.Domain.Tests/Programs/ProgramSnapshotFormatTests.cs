using System.Text;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Snapshots;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Programs;

/// <summary>
/// The log-backed program's snapshot layout (issue 17): a snapshot of the former kind is refused (its grain then replays
/// the log once and writes the new kind), and so is any damaged one, never restored into a wrong state.
/// </summary>
public class ProgramSnapshotFormatTests
{
    [Fact]
    public void A_snapshot_of_the_former_kind_is_refused_so_the_grain_replays_its_log_once()
    {
        byte[] former = StateSnapshotCodec.Write(writer =>
            StateSnapshotCodec.WriteHeader(writer, "program/log-backed/3", LedgerScenario.ProgramId, [], 0));
        InvalidDataException refused = Assert.Throws<InvalidDataException>(() => BeneficiaryProgram.FromLogBackedSnapshot(LedgerScenario.ProgramId, former));
        Assert.Contains("program/log-backed/3", refused.Message, StringComparison.Ordinal);
        Assert.Equal("program/log-backed/4", BeneficiaryProgram.LogBackedSnapshotKind);
    }

    [Fact]
    public void Every_cut_of_a_snapshot_is_refused_and_the_whole_one_restores()
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Append(s.Disburse(s.Request("d-1", "10.00")));
        s.Append(s.Disburse(s.Request("d-2", "20.00")));
        BeneficiaryProgram program = LedgerReplay.ForProgram(BeneficiaryProgram.LogBacked(LedgerScenario.ProgramId)).ApplyAll(s.Log).Programs[LedgerScenario.ProgramId];
        program.MarkAppliedBelow((ulong)s.Log.Count);
        byte[] snapshot = program.ToSnapshot((ulong)s.Log.Count);

        BeneficiaryProgram restored = BeneficiaryProgram.FromLogBackedSnapshot(LedgerScenario.ProgramId, snapshot);
        Assert.Equal(program.Disbursed, restored.Disbursed);
        Assert.Equal(program.PaidIn(Samples.Alice, s.Period), restored.PaidIn(Samples.Alice, s.Period));
        for (int cut = 0; cut < snapshot.Length; cut += Math.Max(1, snapshot.Length / 97))
        {
            Assert.Throws<InvalidDataException>(() => BeneficiaryProgram.FromLogBackedSnapshot(LedgerScenario.ProgramId, snapshot.AsSpan(0, cut)));
        }
    }
}
