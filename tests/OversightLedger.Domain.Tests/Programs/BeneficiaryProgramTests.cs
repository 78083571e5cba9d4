using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Programs;

/// <summary>DESIGN §5 rules 1 (program currency), 6 and 7 on the program's side; every refusal leaves the state as it was.</summary>
public class BeneficiaryProgramTests
{
    // R6 caps and enrolment

    [Fact]
    public void R6_APseudonymMayReceiveUpToTheCapInAPeriod()
    {
        LedgerScenario s = LedgerScenario.Funded(cap: "100");

        s.Append(s.Disburse(s.Request("d-1", "60")));
        s.Append(s.Disburse(s.Request("d-2", "40")));

        Assert.Equal(Samples.Eur("100"), s.Program.PaidIn(Samples.Alice, "2026-11"));
    }

    [Fact]
    public void R6_MoreThanTheCapInAPeriodIsRefused()
    {
        LedgerScenario s = LedgerScenario.Funded(cap: "100");
        s.Append(s.Disburse(s.Request("d-1", "60")));
        string before = s.Snapshot();

        s.Refused(s.Request("d-2", "40.01"), RejectionCode.CapExceeded);

        Assert.Equal(before, s.Snapshot());
        Assert.Empty(s.Budget.Reservations);
    }

    [Fact]
    public void R6_TheCapIsPerPeriod()
    {
        LedgerScenario s = LedgerScenario.Funded(cap: "100");
        s.Append(s.Disburse(s.Request("d-1", "100")));

        s.Clock.Advance(TimeSpan.FromDays(6));
        Disbursed december = s.Append(s.Disburse(s.Request("d-2", "100", period: s.Period)));

        Assert.Equal("2026-12", december.Period);
        Assert.Equal(Samples.Eur("100"), s.Program.PaidIn(Samples.Alice, "2026-11"));
        Assert.Equal(Samples.Eur("100"), s.Program.PaidIn(Samples.Alice, "2026-12"));
    }

    [Fact]
    public void R6_InFlightDisbursementsCountAgainstTheCap()
    {
        LedgerScenario s = LedgerScenario.Funded(cap: "100");
        DisbursementRequest first = s.Request("d-1", "60");
        Decision<Disbursed> pending = s.Program.DecideDisbursement(first, "t-1", s.Now);

        Decision<Disbursed> second = s.Program.DecideDisbursement(s.Request("d-2", "50"), "t-1", s.Now);
        Decision<Disbursed> again = s.Program.DecideDisbursement(first, "t-1", s.Now);

        Assert.True(pending.ShouldAppend);
        Assert.Equal(RejectionCode.CapExceeded, second.Rejection!.Code);
        Assert.Same(pending.Entry, again.Entry);
        Assert.Equal(Samples.Eur("60"), s.Program.ReservedIn(Samples.Alice, "2026-11"));
        Assert.True(s.Program.Release("d-1"));
        Assert.Equal(Samples.Eur("0"), s.Program.ReservedIn(Samples.Alice, "2026-11"));
        Assert.True(s.Program.DecideDisbursement(s.Request("d-2", "50"), "t-1", s.Now).ShouldAppend);
    }

    [Fact]
    public void R6_AnUnenrolledPseudonymIsRefused()
    {
        LedgerScenario s = LedgerScenario.Funded();
        string before = s.Snapshot();

        s.Refused(s.Request("d-1", "10", beneficiary: Samples.Bob), RejectionCode.UnknownBeneficiary);

        Assert.Equal(before, s.Snapshot());
        Assert.Empty(s.Budget.Reservations);
        s.Append(s.Program.DecideEnroll(s.NextId(), s.Now, Samples.Bob));
        s.Append(s.Disburse(s.Request("d-1", "10", beneficiary: Samples.Bob)));
    }

    [Fact]
    public void R6_EnrollingTwiceIsRefused()
    {
        LedgerScenario s = LedgerScenario.Funded();

        Assert.Equal(RejectionCode.AlreadyEnrolled, s.Program.DecideEnroll(s.NextId(), s.Now, Samples.Alice).Rejection!.Code);
    }

    [Theory]
    [InlineData("2026-12")]
    [InlineData("2026-Q4")]
    public void R6_APeriodAfterTheCurrentOneOrOfAnotherKindIsRefused(string period)
    {
        LedgerScenario s = LedgerScenario.Funded();
        string before = s.Snapshot();

        s.Refused(s.Request("d-1", "10", period: period), RejectionCode.InvalidPeriod);

        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void R6_AnEarlierPeriodIsAllowedAndCappedOnItsOwn()
    {
        LedgerScenario s = LedgerScenario.Funded(cap: "100");

        Disbursed arrears = s.Append(s.Disburse(s.Request("d-1", "100", period: "2026-10")));

        Assert.Equal("2026-10", arrears.Period);
        s.Append(s.Disburse(s.Request("d-2", "100")));
    }

    [Fact]
    public void R1_TheProgramsCurrencyMustMatch()
    {
        LedgerScenario s = LedgerScenario.Funded();
        BeneficiaryProgram dollars = new("program-usd");
        dollars.Apply(dollars.DecideOpen("open-usd", s.Now, "agency-9", new Domain.Money.Money(Samples.UsdCurrency, 10000), CapPeriod.Month).Entry!, 0);
        DisbursementRequest euros = new("d-1", "program-usd", "agency-9", LedgerScenario.BudgetId, null, Samples.Alice, Samples.Eur("10"), "72010", "cash", s.Period);

        Assert.Equal(RejectionCode.CurrencyMismatch, dollars.DecideDisbursement(euros, "t-1", s.Now).Rejection!.Code);
        Assert.Empty(dollars.Reservations);
    }

    // R7 idempotency

    [Fact]
    public void R7_ACommittedIdReturnsTheRecordAndMovesNoMoneyTwice()
    {
        LedgerScenario s = LedgerScenario.Funded();
        DisbursementRequest request = s.Request("d-1", "25");
        Disbursed first = s.Append(s.Disburse(request));
        s.Clock.Advance(TimeSpan.FromMinutes(3));
        string before = s.Snapshot();

        Decision<Disbursed> retry = s.Disburse(request);

        Assert.Equal(DecisionOutcome.AlreadyRecorded, retry.Outcome);
        Assert.Equal(first, retry.Entry);
        Assert.Equal(first.ToCanonicalJson(), retry.Entry!.ToCanonicalJson());
        Assert.Equal(before, s.Snapshot());
        Assert.Equal(10UL, s.Program.FindDisbursement("d-1")!.LeafIndex);
    }

    [Fact]
    public void R7_TheSameIdWithDifferentContentIsADuplicate()
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Append(s.Disburse(s.Request("d-1", "25")));
        string before = s.Snapshot();

        s.Refused(s.Request("d-1", "26"), RejectionCode.Duplicate);
        Assert.Equal(RejectionCode.Duplicate, s.Program.DecideDisbursement(s.Request("d-1", "26"), "t-1", s.Now).Rejection!.Code);
        Assert.Equal(RejectionCode.Duplicate, s.Program.DecideEnroll("d-1", s.Now, Samples.Bob).Rejection!.Code);

        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void TheCounterpartyAPaymentNamesIsWrittenIntoItsEntryAndKeptByProgramAndBudget()
    {
        LedgerScenario s = LedgerScenario.Funded();
        DisbursementRequest request = s.Request("d-1", "25", counterparty: "cpty-0a1b");

        Disbursed paid = s.Append(s.Disburse(request));
        Disbursed plain = s.Append(s.Disburse(s.Request("d-2", "25")));

        Assert.Equal("cpty-0a1b", paid.Counterparty);
        Assert.Contains("\"counterparty\":\"cpty-0a1b\"", System.Text.Encoding.UTF8.GetString(paid.ToCanonicalJson()), StringComparison.Ordinal);
        Assert.Null(plain.Counterparty);
        Assert.DoesNotContain("counterparty", System.Text.Encoding.UTF8.GetString(plain.ToCanonicalJson()), StringComparison.Ordinal);
        Assert.Equal(paid.ToCanonicalJson(), s.Program.FindDisbursement("d-1")!.Entry.ToCanonicalJson());
        Assert.Equal(paid.ToCanonicalJson(), s.Budget.FindDisbursement("d-1")!.ToCanonicalJson());
        Assert.Equal(DecisionOutcome.AlreadyRecorded, s.Disburse(request).Outcome);
    }

    [Fact]
    public void R7_TheSameIdNamingAnotherCounterpartyOrNoneIsADuplicate()
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Append(s.Disburse(s.Request("d-1", "25", counterparty: "cpty-0a1b")));
        string before = s.Snapshot();

        s.Refused(s.Request("d-1", "25", counterparty: "cpty-ffff"), RejectionCode.Duplicate);
        s.Refused(s.Request("d-1", "25"), RejectionCode.Duplicate);

        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void R7_ACommittedIdIsReturnedEvenWhenTheRulesWouldNowRefuseIt()
    {
        LedgerScenario s = LedgerScenario.Funded();
        DisbursementRequest request = s.Request("d-1", "25");
        Disbursed first = s.Append(s.Disburse(request));
        s.Append(s.Budget.DecideFreeze(s.NextId(), s.Now, "snap-back"));

        Decision<Disbursed> retry = s.Disburse(request);

        Assert.Equal(DecisionOutcome.AlreadyRecorded, retry.Outcome);
        Assert.Equal(first, retry.Entry);
    }

    // Reversals

    [Fact]
    public void AReversalGivesTheCapBackAndHappensOnce()
    {
        LedgerScenario s = LedgerScenario.Funded(cap: "100");
        s.Append(s.Disburse(s.Request("d-1", "100")));

        Reversed reversal = s.Append(s.Program.DecideReversal("rev-1", s.Now, "d-1", ReversalReason.Returned));

        Assert.Equal(("budget-1", "t-1", Samples.Eur("100")), (reversal.Budget, reversal.Tranche, reversal.Amount));
        Assert.Equal(Samples.Eur("0"), s.Program.PaidIn(Samples.Alice, "2026-11"));
        Assert.True(s.Program.FindDisbursement("d-1")!.IsReversed);
        Assert.Equal(DecisionOutcome.AlreadyRecorded, s.Program.DecideReversal("rev-1", s.Now, "d-1", ReversalReason.Returned).Outcome);
        Assert.Equal(RejectionCode.AlreadyReversed, s.Program.DecideReversal("rev-2", s.Now, "d-1", ReversalReason.Recovered).Rejection!.Code);
        Assert.Equal(RejectionCode.UnknownDisbursement, s.Program.DecideReversal("rev-3", s.Now, "d-9", ReversalReason.Recovered).Rejection!.Code);
        s.Append(s.Disburse(s.Request("d-2", "100")));
    }

    [Fact]
    public void CommandsOnAProgramThatIsNotOpenAreRefused()
    {
        BeneficiaryProgram program = new("program-9");

        Assert.Equal(RejectionCode.UnknownProgram, program.DecideEnroll("e-1", Samples.Noon, Samples.Alice).Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidAmount, program.DecideOpen("o-1", Samples.Noon, "agency", Samples.Eur("0"), CapPeriod.Month).Rejection!.Code);
        Assert.Throws<InvalidOperationException>(() => program.Currency);
    }

    [Fact]
    public void ATrancheOtherThanTheOneRequestedIsRefused()
    {
        LedgerScenario s = LedgerScenario.Funded();

        Decision<Disbursed> decision = s.Program.DecideDisbursement(s.Request("d-1", "10", tranche: "t-2"), "t-1", s.Now);

        Assert.Equal(RejectionCode.InvalidRequest, decision.Rejection!.Code);
        Assert.Empty(s.Program.Reservations);
    }

    [Fact]
    public void TheBudgetAndTheProgramAgreeOnTheEntryTime()
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Clock.Advance(TimeSpan.FromMilliseconds(1500));

        Disbursed paid = s.Append(s.Disburse(s.Request("d-1", "10")));

        Assert.Equal(Samples.Noon.AddSeconds(1), paid.Time);
        Assert.IsType<TrancheReservation>(s.Budget.TryReserve(s.Request("d-1", "10"), s.Now));
    }
}
