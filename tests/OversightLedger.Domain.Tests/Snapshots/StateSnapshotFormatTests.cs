using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Snapshots;

/// <summary>A snapshot body that is cut, of another version, or of another state is refused as a whole, never half read.</summary>
public class StateSnapshotFormatTests
{
    [Fact]
    public void A_snapshot_cut_anywhere_is_refused()
    {
        LedgerScenario s = Paid();
        byte[] program = s.Program.ToSnapshot();
        byte[] budget = s.Budget.ToSnapshot();
        for (int length = 0; length < program.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => BeneficiaryProgram.FromSnapshot(LedgerScenario.ProgramId, program.AsSpan(0, length)));
        }

        for (int length = 0; length < budget.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => ReliefBudget.FromSnapshot(LedgerScenario.BudgetId, budget.AsSpan(0, length)));
        }
    }

    [Fact]
    public void A_snapshot_with_bytes_after_its_body_is_refused()
    {
        byte[] program = [.. Paid().Program.ToSnapshot(), 0];
        Assert.Throws<InvalidDataException>(() => BeneficiaryProgram.FromSnapshot(LedgerScenario.ProgramId, program));
    }

    [Fact]
    public void A_snapshot_of_another_version_kind_or_id_is_refused()
    {
        LedgerScenario s = Paid();
        byte[] program = s.Program.ToSnapshot();
        byte[] otherVersion = [.. program];
        otherVersion[0]++;

        Assert.Contains("version", Assert.Throws<InvalidDataException>(() => BeneficiaryProgram.FromSnapshot(LedgerScenario.ProgramId, otherVersion)).Message);
        Assert.Throws<InvalidDataException>(() => BeneficiaryProgram.FromSnapshot("program-2", program));
        Assert.Throws<InvalidDataException>(() => ReliefBudget.FromSnapshot(LedgerScenario.ProgramId, program));
        Assert.Throws<InvalidDataException>(() => ReliefBudget.FromSnapshot("budget-2", s.Budget.ToSnapshot()));
    }

    [Fact]
    public void A_restored_state_answers_a_retried_id_with_the_same_entry_and_holds_the_cap()
    {
        LedgerScenario s = Paid();
        var restored = BeneficiaryProgram.FromSnapshot(LedgerScenario.ProgramId, s.Program.ToSnapshot());
        DisbursementRecord before = s.Program.FindDisbursement("d-1")!;
        DisbursementRecord after = restored.FindDisbursement("d-1")!;

        Assert.Equal(before.Entry.ToCanonicalJson(), after.Entry.ToCanonicalJson());
        Assert.Equal(before.LeafIndex, after.LeafIndex);
        Assert.Equal(s.Program.PaidIn(Samples.Alice, s.Period), restored.PaidIn(Samples.Alice, s.Period));
        Assert.Equal(OversightLedger.Domain.Decisions.DecisionOutcome.AlreadyRecorded, restored.DecideDisbursement(s.Request("d-1", "120"), "t-1", s.Now).Outcome);
        Assert.Equal(OversightLedger.Domain.Decisions.RejectionCode.CapExceeded, restored.DecideDisbursement(s.Request("d-2", "90"), "t-1", s.Now).Rejection!.Code);
    }

    private static LedgerScenario Paid()
    {
        LedgerScenario s = LedgerScenario.Funded(cap: "200");
        s.Append(s.Disburse(s.Request("d-1", "120", tranche: "t-1")));
        return s;
    }
}
