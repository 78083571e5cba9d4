using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Programs;

/// <summary>
/// A budget and a program keep only the facts of each committed disbursement, not its entry: R7, reversals and the
/// replay still answer with entries equal to the ones applied, byte for byte.
/// </summary>
public class DisbursementFactsTests
{
    [Fact]
    public void R7_ACommittedIdIsAnsweredWithAnEqualEntryAndMovesNoMoneyTwice()
    {
        LedgerScenario s = LedgerScenario.Funded();
        DisbursementRequest request = s.Request("d-1", "25");
        Disbursed first = s.Append(s.Disburse(request));
        ulong leaf = s.Log[^1].LeafIndex;
        s.Clock.Advance(TimeSpan.FromMinutes(3));
        string before = s.Snapshot();

        Decision<Disbursed> retry = s.Disburse(request);
        TrancheReservation again = s.Budget.TryReserve(request, s.Now);

        Assert.Equal(DecisionOutcome.AlreadyRecorded, retry.Outcome);
        Assert.Equal(first, retry.Entry);
        Assert.Equal(s.Log[^1].Entry, retry.Entry!.ToCanonicalJson());
        Assert.True(again.IsAlreadyCommitted);
        Assert.Equal(first.Tranche, again.Tranche);
        Assert.Equal(before, s.Snapshot());
        Assert.Equal((first, leaf, false), (s.Program.FindDisbursement("d-1")!.Entry, s.Program.FindDisbursement("d-1")!.LeafIndex, s.Program.FindDisbursement("d-1")!.IsReversed));
        Assert.Equal(leaf, s.Program.FindDisbursementLeafIndex("d-1"));
        Assert.Equal(first, s.Budget.FindDisbursement("d-1"));
        Assert.Equal(first, s.Program.FindEntry("d-1"));
        Assert.Equal(first, s.Budget.FindEntry("d-1"));
        Assert.Null(s.Program.FindDisbursementLeafIndex("d-2"));
    }

    [Fact]
    public void R7_TheSameIdWithDifferentContentIsADuplicate()
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Append(s.Program.DecideEnroll(s.NextId(), s.Now, Samples.Bob));
        s.Append(s.Disburse(s.Request("d-1", "25", tranche: "t-1")));
        string before = s.Snapshot();

        s.Refused(s.Request("d-1", "26"), RejectionCode.Duplicate);
        s.Refused(s.Request("d-1", "25", beneficiary: Samples.Bob), RejectionCode.Duplicate);
        s.Refused(s.Request("d-1", "25", modality: "voucher"), RejectionCode.Duplicate);
        s.Refused(s.Request("d-1", "25", sector: "72040"), RejectionCode.Duplicate);
        s.Refused(s.Request("d-1", "25", period: "2026-10"), RejectionCode.Duplicate);
        s.Refused(s.Request("d-1", "25", tranche: "t-2"), RejectionCode.Duplicate);
        Assert.Equal(RejectionCode.Duplicate, s.Program.DecideDisbursement(s.Request("d-1", "26"), "t-1", s.Now).Rejection!.Code);
        Assert.Equal(RejectionCode.Duplicate, s.Program.DecideEnroll("d-1", s.Now, Samples.Carol).Rejection!.Code);
        Assert.Equal(RejectionCode.Duplicate, s.Budget.DecideReceiveFunds("d-1", s.Now, Samples.Eur("1"), "wire").Rejection!.Code);

        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void AReversalOfADisbursementKeptAsFactsGivesTheCapAndTheMoneyBackOnce()
    {
        LedgerScenario s = LedgerScenario.Funded(cap: "100");
        s.Append(s.Disburse(s.Request("d-1", "100", tranche: "t-1")));

        Reversed reversal = s.Append(s.Program.DecideReversal("rev-1", s.Now, "d-1", ReversalReason.Returned));

        Assert.Equal(("d-1", "budget-1", "t-1", Samples.Eur("100")), (reversal.Disbursement, reversal.Budget, reversal.Tranche, reversal.Amount));
        Assert.Equal(Samples.Eur("0"), s.Program.PaidIn(Samples.Alice, "2026-11"));
        Assert.Equal(Samples.Eur("500"), s.Budget.FindTranche("t-1")!.Available);
        Assert.Same(reversal, Assert.Single(s.Program.FindDisbursement("d-1")!.Reversals));
        Assert.Equal(Samples.Eur("100"), s.Budget.ReversedOf("d-1"));
        Assert.Equal(DecisionOutcome.AlreadyRecorded, s.Program.DecideReversal("rev-1", s.Now, "d-1", ReversalReason.Returned).Outcome);
        Assert.Equal(RejectionCode.AlreadyReversed, s.Program.DecideReversal("rev-2", s.Now, "d-1", ReversalReason.Recovered).Rejection!.Code);
        Assert.Equal(RejectionCode.UnknownDisbursement, s.Program.DecideReversal("rev-3", s.Now, "d-9", ReversalReason.Recovered).Rejection!.Code);
        s.Append(s.Disburse(s.Request("d-2", "100", tranche: "t-1")));
    }

    [Fact]
    public void AProgramAndABudgetRebuiltFromTheLogKeepFactsAndDecideAsTheLiveOnesDid()
    {
        LedgerScenario s = LedgerScenario.Funded(cap: "200");
        s.Append(s.Program.DecideEnroll(s.NextId(), s.Now, Samples.Bob));
        DisbursementRequest[] requests =
        [
            s.Request("d-1", "60", tranche: "t-1"),
            s.Request("d-2", "70.5", beneficiary: Samples.Bob, modality: "voucher"),
            s.Request("d-3", "40", tranche: "t-2", period: "2026-10"),
        ];
        Disbursed[] paid = [.. requests.Select(request => s.Append(s.Disburse(request)))];

        BeneficiaryProgram program = LedgerReplay.ForProgram(LedgerScenario.ProgramId).ApplyAll(s.Log).Programs[LedgerScenario.ProgramId];
        ReliefBudget budget = LedgerReplay.ForBudget(LedgerScenario.BudgetId).ApplyAll(s.Log).Budgets[LedgerScenario.BudgetId];

        Assert.Equal(
            s.Program.Disbursements.Select(r => (r.Entry, r.LeafIndex)).OrderBy(r => r.LeafIndex),
            program.Disbursements.Select(r => (r.Entry, r.LeafIndex)).OrderBy(r => r.LeafIndex));
        for (int i = 0; i < paid.Length; i++)
        {
            byte[] logged = s.Log.Single(leaf => leaf.LeafIndex == program.FindDisbursement(paid[i].Id)!.LeafIndex).Entry;
            Assert.Equal(logged, program.FindDisbursement(paid[i].Id)!.Entry.ToCanonicalJson());
            Assert.Equal(logged, budget.FindDisbursement(paid[i].Id)!.ToCanonicalJson());
            Assert.Equal(paid[i], program.DecideDisbursement(requests[i], paid[i].Tranche, s.Now).Entry);
            Assert.Equal(paid[i].Tranche, budget.TryReserve(requests[i], s.Now).Tranche);
        }

        Assert.Equal(RejectionCode.Duplicate, program.DecideDisbursement(s.Request("d-2", "70.5"), "t-1", s.Now).Rejection!.Code);
        Assert.Equal(RejectionCode.Duplicate, budget.TryReserve(s.Request("d-2", "70.5"), s.Now).Rejection!.Code);
        Assert.Equal(s.Program.PaidIn(Samples.Bob, "2026-11"), program.PaidIn(Samples.Bob, "2026-11"));

        // The rebuilt program reverses d-2 exactly as the live one would, and both sides give the money back.
        Reversed live = s.Program.DecideReversal("rev-2", s.Now, "d-2", ReversalReason.Returned).Entry!;
        Reversed rebuilt = program.DecideReversal("rev-2", s.Now, "d-2", ReversalReason.Returned).Entry!;
        Assert.Equal(live, rebuilt);
        Assert.Null(budget.Check(rebuilt));
        program.Apply(rebuilt, 99);
        budget.Apply(rebuilt);
        Assert.Equal(Samples.Eur("0"), program.PaidIn(Samples.Bob, "2026-11"));
        Assert.Equal(Samples.Eur("100"), program.Disbursed);
        Assert.Equal(s.Budget.Disbursed - Samples.Eur("70.5"), budget.Disbursed);
    }
}
