using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Programs;

/// <summary>
/// Issue 17, item 2: a log-backed program keeps its enrolments as the pseudonym set and a filter of their ids, not as
/// entries; the replay of an enrolment's id is answered with its entry once the grain recalls it from the log (R7), and
/// its snapshot holds tens of bytes per beneficiary.
/// </summary>
public class LogBackedEnrolmentTests
{
    [Fact]
    public void An_enrolment_replayed_after_a_restore_is_answered_with_its_entry_once_recalled()
    {
        LedgerScenario s = LedgerScenario.Funded();
        BeneficiaryEnrolled bob = s.Append(s.Program.DecideEnroll(s.NextId(), s.Now, Samples.Bob));
        BeneficiaryProgram program = Restored(s.Log);

        Assert.True(program.IsEnrolled(Samples.Bob));
        Assert.True(program.HasApplied(bob));
        Assert.Null(program.FindEntry(bob.Id));
        Assert.True(program.MustRecallEntry(bob.Id));
        Assert.False(program.MustRecallEntry("never-used"));

        Assert.True(program.RecallEnrolment(bob));
        Decision<BeneficiaryEnrolled> again = program.DecideEnroll(bob.Id, s.Now.AddDays(1), Samples.Bob);
        Assert.Equal(DecisionOutcome.AlreadyRecorded, again.Outcome);
        Assert.Equal(bob.ToCanonicalJson(), again.Entry!.ToCanonicalJson());
        Assert.Equal(RejectionCode.Duplicate, program.DecideEnroll(bob.Id, s.Now, Samples.Carol).Rejection!.Code);
        Assert.Equal(RejectionCode.AlreadyEnrolled, program.DecideEnroll("other-id", s.Now, Samples.Bob).Rejection!.Code);
        Assert.True(program.DecideEnroll("carol-id", s.Now, Samples.Carol).ShouldAppend);
    }

    [Fact]
    public void An_enrolment_not_applied_is_not_recalled_and_the_snapshot_holds_tens_of_bytes_per_beneficiary()
    {
        LedgerScenario s = LedgerScenario.Funded();
        BeneficiaryProgram program = Restored(s.Log);
        var stranger = new BeneficiaryEnrolled("stranger", s.Now, LedgerScenario.ProgramId, Samples.Carol);
        Assert.False(program.RecallEnrolment(stranger));
        int before = program.ToSnapshot((ulong)s.Log.Count).Length;

        byte[] secret = new byte[32];
        ulong leaf = (ulong)s.Log.Count;
        const int Enrolled = 5_000;
        for (int i = 0; i < Enrolled; i++)
        {
            program.Apply(new BeneficiaryEnrolled($"enrol-{i}", s.Now, LedgerScenario.ProgramId, BeneficiaryPseudonym.Derive(secret, $"REF-{i}")), leaf++);
        }

        byte[] changes = program.ToSnapshot(leaf);
        Assert.InRange((changes.Length - before) / (double)Enrolled, 48, 56); // without a base: each pseudonym and its id's 16-byte hash
        ProgramBase stored = program.FreezeBase();
        stored.Encode();
        program.AdoptBase(stored);
        byte[] snapshot = program.ToSnapshot(leaf);
        BeneficiaryProgram restored = BeneficiaryProgram.FromLogBackedSnapshot(LedgerScenario.ProgramId, snapshot, stored.ToArray());
        Assert.Equal(program.Beneficiaries.Count, restored.Beneficiaries.Count);
        Assert.True(restored.IsEnrolled(BeneficiaryPseudonym.Derive(secret, "REF-4321")));
        Assert.True(restored.MustRecallEntry("enrol-17"));
        Assert.InRange((stored.Length - before) / (double)Enrolled, 32, 40); // in the base: 32 bytes a pseudonym and the ids' filter
        Assert.InRange(snapshot.Length, 1, before + 1024); // the snapshot: nothing changed since the base
    }

    private static BeneficiaryProgram Restored(List<(ulong LeafIndex, byte[] Entry)> log)
    {
        BeneficiaryProgram replayed = LedgerReplay.ForProgram(BeneficiaryProgram.LogBacked(LedgerScenario.ProgramId)).ApplyAll(log).Programs[LedgerScenario.ProgramId];
        replayed.MarkAppliedBelow((ulong)log.Count);
        BeneficiaryProgram restored = BeneficiaryProgram.FromLogBackedSnapshot(LedgerScenario.ProgramId, replayed.ToSnapshot((ulong)log.Count));
        restored.MarkAppliedBelow((ulong)log.Count);
        return restored;
    }
}
