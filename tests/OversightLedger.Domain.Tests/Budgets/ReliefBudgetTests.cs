using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Budgets;

/// <summary>DESIGN §5 rules 1–5 and 7 on the budget's side; every refusal leaves the state as it was.</summary>
public class ReliefBudgetTests
{
    private const string Owner = LedgerScenario.Owner;

    // R1 ring-fence

    [Fact]
    public void R1_AnEligibleProgramMayDraw()
    {
        LedgerScenario s = LedgerScenario.Funded();

        Disbursed paid = s.Append(s.Disburse(s.Request("d-1", "40")));

        Assert.Equal("t-1", paid.Tranche);
        Assert.Equal(Samples.Eur("40"), s.Budget.Disbursed);
    }

    [Fact]
    public void R1_AProgramTheBudgetDoesNotListIsRefused()
    {
        LedgerScenario s = LedgerScenario.Funded();
        string before = s.Snapshot();

        DomainRejection refused = s.Budget.TryReserve(s.Request("d-1", "40", program: "program-2"), s.Now).Rejection!;

        Assert.Equal(RejectionCode.RingFence, refused.Code);
        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void R1_AnotherCurrencyIsRefused()
    {
        LedgerScenario s = LedgerScenario.Funded();
        string before = s.Snapshot();
        var usd = new DisbursementRequest(
            "d-1", LedgerScenario.ProgramId, LedgerScenario.Agency, LedgerScenario.BudgetId, null, Samples.Alice, new Domain.Money.Money(Samples.UsdCurrency, 4000), "72010", "cash", s.Period);

        Assert.Equal(RejectionCode.CurrencyMismatch, s.Budget.TryReserve(usd, s.Now).Rejection!.Code);
        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void R1_OnlyTheOwnerListsPrograms()
    {
        LedgerScenario s = LedgerScenario.Funded();
        string before = s.Snapshot();

        Decision<ProgramEligible> byOther = s.Budget.DecideListProgram(s.NextId(), s.Now, "agency-key", "program-2", LedgerScenario.Listed("program-2"));
        s.Append(s.Budget.DecideListProgram(s.NextId(), s.Now, Owner, "program-2", LedgerScenario.Listed("program-2")));

        Assert.Equal(RejectionCode.NotBudgetOwner, byOther.Rejection!.Code);
        Assert.NotEqual(before, s.Snapshot());
        Assert.Contains("program-2", s.Budget.EligiblePrograms);
    }

    [Fact]
    public void R1_OnlyAProgramThatIsOpenCanBeListed()
    {
        LedgerScenario s = LedgerScenario.Funded();
        string before = s.Snapshot();

        Decision<ProgramEligible> notOpen = s.Budget.DecideListProgram(s.NextId(), s.Now, Owner, "does-not-exist", listed: null);
        Decision<ProgramEligible> otherProgram = s.Budget.DecideListProgram(s.NextId(), s.Now, Owner, "program-2", LedgerScenario.Listed("program-3"));

        Assert.Equal(RejectionCode.UnknownProgram, notOpen.Rejection!.Code);
        Assert.Equal(RejectionCode.UnknownProgram, otherProgram.Rejection!.Code);
        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void R1_AProgramInAnotherCurrencyCannotBeListed()
    {
        LedgerScenario s = LedgerScenario.Funded();
        string before = s.Snapshot();

        Decision<ProgramEligible> dollars = s.Budget.DecideListProgram(
            s.NextId(), s.Now, Owner, "program-usd", new ListedProgram("program-usd", "agency-9", Samples.UsdCurrency));

        Assert.Equal(RejectionCode.CurrencyMismatch, dollars.Rejection!.Code);
        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void R1_TheListingPinsTheAgencyThatRunsTheProgram()
    {
        LedgerScenario s = LedgerScenario.Funded();

        ProgramEligible listed = s.Append(s.Budget.DecideListProgram(s.NextId(), s.Now, Owner, "program-2", LedgerScenario.Listed("program-2", "agency-4")));

        Assert.Equal("agency-4", listed.Agency);
        Assert.Equal("agency-4", s.Budget.EligibleAgencies["program-2"]);
        Assert.Equal("agency-9", s.Budget.EligibleAgencies[LedgerScenario.ProgramId]);
    }

    [Fact]
    public void R1_APaymentOfAnotherAgencyThanThePinnedOneIsRefused()
    {
        LedgerScenario s = LedgerScenario.Funded();
        string before = s.Snapshot();

        TrancheReservation refused = s.Budget.TryReserve(s.Request("d-1", "40", agency: "agency-intruder"), s.Now);

        Assert.Equal(RejectionCode.RingFence, refused.Rejection!.Code);
        Assert.Contains("agency-intruder", refused.Rejection.Message, StringComparison.Ordinal);
        Assert.Equal(before, s.Snapshot());
    }

    // R2 funds and reservations

    [Fact]
    public void R2_ADisbursementMayTakeExactlyWhatIsAvailable()
    {
        LedgerScenario s = LedgerScenario.Funded();

        s.Append(s.Disburse(s.Request("d-1", "500", tranche: "t-1")));

        Tranche t1 = s.Budget.FindTranche("t-1")!;
        Assert.Equal(Samples.Eur("0"), t1.Available);
        Assert.Equal(Samples.Eur("500"), t1.Disbursed);
    }

    [Fact]
    public void R2_MoreThanTheNamedTrancheHasIsRefused()
    {
        LedgerScenario s = LedgerScenario.Funded();
        string before = s.Snapshot();

        s.Refused(s.Request("d-1", "500.01", tranche: "t-1"), RejectionCode.InsufficientReleasedFunds);

        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void R2_TheBudgetChoosesTheFirstReleasedTrancheWithEnough()
    {
        LedgerScenario s = LedgerScenario.Funded();

        Disbursed first = s.Append(s.Disburse(s.Request("d-1", "450")));
        Disbursed second = s.Append(s.Disburse(s.Request("d-2", "100")));
        Disbursed third = s.Append(s.Disburse(s.Request("d-3", "50")));

        Assert.Equal(["t-1", "t-2", "t-1"], new[] { first.Tranche, second.Tranche, third.Tranche });
        string before = s.Snapshot();
        s.Refused(s.Request("d-4", "200.01"), RejectionCode.InsufficientReleasedFunds);
        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void R2_AnUnreleasedOrUnknownTrancheIsRefused()
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Append(s.Budget.DecideAddTranche(s.NextId(), s.Now, Owner, "t-3", Samples.Eur("100"), false, []));
        string before = s.Snapshot();

        s.Refused(s.Request("d-1", "10", tranche: "t-3"), RejectionCode.TrancheNotReleased);
        s.Refused(s.Request("d-2", "10", tranche: "t-9"), RejectionCode.UnknownTranche);

        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void R2_InFlightReservationsCountAndReleaseGivesThemBack()
    {
        LedgerScenario s = LedgerScenario.Funded();

        TrancheReservation first = s.Budget.TryReserve(s.Request("d-1", "400", tranche: "t-1"), s.Now);
        TrancheReservation second = s.Budget.TryReserve(s.Request("d-2", "200", tranche: "t-1"), s.Now);

        Assert.True(first.IsReserved);
        Assert.Equal(RejectionCode.InsufficientReleasedFunds, second.Rejection!.Code);
        Assert.Equal(Samples.Eur("400"), s.Budget.FindTranche("t-1")!.Reserved);
        Assert.Equal((s.Now, "t-1"), (s.Budget.Reservations.Single().ReservedAt, s.Budget.Reservations.Single().Tranche));
        Assert.True(s.Budget.Release("d-1"));
        Assert.False(s.Budget.Release("d-1"));
        Assert.True(s.Budget.TryReserve(s.Request("d-2", "200", tranche: "t-1"), s.Now).IsReserved);
        Assert.Equal(Samples.Eur("300"), s.Budget.FindTranche("t-1")!.Available);
    }

    [Fact]
    public void R2_ReservingTheSameIdAgainIsIdempotentAndCommitTurnsItIntoDisbursed()
    {
        LedgerScenario s = LedgerScenario.Funded();
        DisbursementRequest request = s.Request("d-1", "100");

        TrancheReservation first = s.Budget.TryReserve(request, s.Now);
        TrancheReservation again = s.Budget.TryReserve(request, s.Now);
        TrancheReservation changed = s.Budget.TryReserve(s.Request("d-1", "101"), s.Now);

        Assert.Equal(first.Tranche, again.Tranche);
        Assert.Equal(RejectionCode.Duplicate, changed.Rejection!.Code);
        Assert.Equal(Samples.Eur("100"), s.Budget.Reserved);

        Disbursed entry = s.Program.DecideDisbursement(request, first.Tranche!, s.Now).Entry!;
        s.Record(entry);

        Assert.Equal(Samples.Eur("0"), s.Budget.Reserved);
        Assert.Equal(Samples.Eur("100"), s.Budget.Disbursed);
        TrancheReservation afterCommit = s.Budget.TryReserve(request, s.Now);
        Assert.True(afterCommit.IsAlreadyCommitted);
        Assert.Equal(first.Tranche, afterCommit.Tranche);
        Assert.Equal(Samples.Eur("100"), s.Budget.Disbursed);
        Assert.Equal(Samples.Eur("0"), s.Budget.Reserved);
        s.Budget.Apply(entry);
        Assert.Equal(Samples.Eur("100"), s.Budget.Disbursed);
    }

    [Fact]
    public void R2_AReversalGivesTheMoneyBackToTheTranche()
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Append(s.Disburse(s.Request("d-1", "500", tranche: "t-1")));

        s.Append(s.Program.DecideReversal(s.NextId(), s.Now, "d-1", ReversalReason.Returned));

        Assert.Equal(Samples.Eur("500"), s.Budget.FindTranche("t-1")!.Available);
        Assert.Equal(Samples.Eur("500"), s.Budget.ReversedOf("d-1"));
        s.Append(s.Disburse(s.Request("d-2", "500", tranche: "t-1")));
    }

    [Fact]
    public void R2_ZeroAndNegativeAmountsAreRefused()
    {
        LedgerScenario s = LedgerScenario.Funded();
        string before = s.Snapshot();

        s.Refused(s.Request("d-1", "0"), RejectionCode.InvalidAmount);
        s.Refused(s.Request("d-2", "-5"), RejectionCode.InvalidAmount);

        Assert.Equal(before, s.Snapshot());
    }

    // R3 tranches

    [Fact]
    public void R3_TheOwnerReleasesAVerifiedTrancheWithinWhatWasReceived()
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Append(s.Budget.DecideAddTranche(s.NextId(), s.Now, Owner, "t-3", Samples.Eur("200"), false, ["b-2", "b-3"]));
        s.Append(s.Budget.DecideVerifyBenchmark(s.NextId(), s.Now, "t-3", "b-2", "ngo-auditor", Samples.Evidence, new DateOnly(2026, 11, 24)));
        s.Append(s.Budget.DecideVerifyBenchmark(s.NextId(), s.Now, "t-3", "b-3", "ngo-auditor", Samples.Evidence, new DateOnly(2026, 11, 24)));

        TrancheReleased released = s.Append(s.Budget.DecideReleaseTranche(s.NextId(), s.Now, Owner, "t-3", Samples.Eur("200")));

        Assert.Equal(["b-2", "b-3"], released.Verifications);
        Assert.Equal(Owner, released.ReleasedBy);
        Assert.Equal(Samples.Eur("1000"), s.Budget.Released);
    }

    [Fact]
    public void R3_OnlyTheOwnerReleases()
    {
        LedgerScenario s = AddedUnreleasedTranche();
        string before = s.Snapshot();

        Assert.Equal(RejectionCode.NotBudgetOwner, s.Budget.DecideReleaseTranche(s.NextId(), s.Now, "agency-key", "t-3", Samples.Eur("100")).Rejection!.Code);
        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void R3_EveryBenchmarkMustHaveARecordedVerification()
    {
        LedgerScenario s = AddedUnreleasedTranche();
        s.Append(s.Budget.DecideVerifyBenchmark(s.NextId(), s.Now, "t-3", "b-2", "ngo-auditor", Samples.Evidence, new DateOnly(2026, 11, 24)));
        string before = s.Snapshot();

        Decision<TrancheReleased> refused = s.Budget.DecideReleaseTranche(s.NextId(), s.Now, Owner, "t-3", Samples.Eur("100"));

        Assert.Equal(RejectionCode.BenchmarkNotVerified, refused.Rejection!.Code);
        Assert.Contains("b-3", refused.Rejection.Message, StringComparison.Ordinal);
        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void R3_AVerificationMayBeDatedAtMostOneDayAfterItIsRecorded()
    {
        LedgerScenario s = AddedUnreleasedTranche();
        DateOnly today = DateOnly.FromDateTime(s.Now.UtcDateTime);
        string before = s.Snapshot();

        Decision<BenchmarkVerified> future = s.Budget.DecideVerifyBenchmark(s.NextId(), s.Now, "t-3", "b-2", "ngo-auditor", Samples.Evidence, today.AddDays(2));

        Assert.Equal(RejectionCode.VerificationInFuture, future.Rejection!.Code);
        Assert.Equal(before, s.Snapshot());
        s.Append(s.Budget.DecideVerifyBenchmark(s.NextId(), s.Now, "t-3", "b-2", "ngo-auditor", Samples.Evidence, today.AddDays(ReliefBudget.VerificationDaysAhead)));
        Assert.NotEqual(before, s.Snapshot());
    }

    [Fact]
    public void R3_AReleaseMayNotExceedWhatWasReceivedAndNotReleased()
    {
        LedgerScenario s = AddedUnreleasedTranche(benchmarks: []);
        string before = s.Snapshot();

        // 1000 received, 800 released: 200 left.
        Decision<TrancheReleased> refused = s.Budget.DecideReleaseTranche(s.NextId(), s.Now, Owner, "t-3", Samples.Eur("200.01"));

        Assert.Equal(RejectionCode.InsufficientReceivedFunds, refused.Rejection!.Code);
        Assert.Equal(before, s.Snapshot());
        s.Append(s.Budget.DecideReleaseTranche(s.NextId(), s.Now, Owner, "t-3", Samples.Eur("200")));
    }

    [Fact]
    public void R3_AReleaseMayNotExceedTheTrancheOrHappenTwice()
    {
        LedgerScenario s = AddedUnreleasedTranche(benchmarks: [], amount: "100");
        string before = s.Snapshot();

        Assert.Equal(RejectionCode.InvalidAmount, s.Budget.DecideReleaseTranche(s.NextId(), s.Now, Owner, "t-3", Samples.Eur("100.01")).Rejection!.Code);
        Assert.Equal(RejectionCode.TrancheAlreadyReleased, s.Budget.DecideReleaseTranche(s.NextId(), s.Now, Owner, "t-1", Samples.Eur("1")).Rejection!.Code);
        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void R3_VerificationsMustBeIndependentAndOfTheTranchesBenchmarks()
    {
        LedgerScenario s = AddedUnreleasedTranche();
        string before = s.Snapshot();
        DateOnly day = new(2026, 11, 24);

        Assert.Equal(RejectionCode.VerifierNotIndependent, s.Budget.DecideVerifyBenchmark(s.NextId(), s.Now, "t-3", "b-2", Owner, Samples.Evidence, day).Rejection!.Code);
        Assert.Equal(RejectionCode.UnknownBenchmark, s.Budget.DecideVerifyBenchmark(s.NextId(), s.Now, "t-3", "b-9", "ngo", Samples.Evidence, day).Rejection!.Code);
        Assert.Equal(RejectionCode.AlreadyVerified, s.Budget.DecideVerifyBenchmark(s.NextId(), s.Now, "t-1", "b-1", "ngo", Samples.Evidence, day).Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, s.Budget.DecideVerifyBenchmark(s.NextId(), s.Now, "t-3", "b-2", "ngo", "not-a-hash", day).Rejection!.Code);
        Assert.Equal(before, s.Snapshot());
    }

    // R4 freeze

    [Fact]
    public void R4_AFrozenBudgetRefusesNonHumanitarianTranchesUntilUnfrozen()
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Append(s.Budget.DecideFreeze(s.NextId(), s.Now, "confirmed diversion", "finding-1"));
        string before = s.Snapshot();

        s.Refused(s.Request("d-1", "10", tranche: "t-1"), RejectionCode.Frozen);
        s.Refused(s.Request("d-2", "10"), RejectionCode.Frozen);
        Assert.Equal(before, s.Snapshot());

        s.Append(s.Budget.DecideUnfreeze(s.NextId(), s.Now, "finding resolved"));
        Assert.Equal("t-1", s.Append(s.Disburse(s.Request("d-3", "10"))).Tranche);
    }

    [Fact]
    public void R4_HumanitarianTranchesKeepFlowingUnderAnExemptionInForce()
    {
        LedgerScenario s = FrozenWithExemption();

        Disbursed paid = s.Append(s.Disburse(s.Request("d-1", "50")));

        Assert.Equal("t-2", paid.Tranche);
    }

    [Fact]
    public void R4_FreezingTwiceAndUnfreezingWhatIsNotFrozenAreRefused()
    {
        LedgerScenario s = LedgerScenario.Funded();
        Assert.Equal(RejectionCode.NotFrozen, s.Budget.DecideUnfreeze(s.NextId(), s.Now, "nothing to lift").Rejection!.Code);
        s.Append(s.Budget.DecideFreeze(s.NextId(), s.Now, "snap-back"));
        Assert.Equal(RejectionCode.AlreadyFrozen, s.Budget.DecideFreeze(s.NextId(), s.Now, "again").Rejection!.Code);
    }

    // R5 exemptions

    [Fact]
    public void R5_AfterTheSunsetTheExemptionNoLongerAppliesUnlessRenewed()
    {
        LedgerScenario s = FrozenWithExemption();
        s.Clock.Advance(TimeSpan.FromDays(10));
        string before = s.Snapshot();

        s.Refused(s.Request("d-1", "50", period: s.Period), RejectionCode.ExemptionExpired);
        Assert.Equal(before, s.Snapshot());

        s.Append(s.Budget.DecideRenewExemption(s.NextId(), s.Now, Owner, "ex-1", s.Now.AddDays(30)));
        s.Append(s.Disburse(s.Request("d-1", "50", period: s.Period)));
    }

    [Fact]
    public void R5_TheSunsetIsExclusive()
    {
        LedgerScenario s = FrozenWithExemption();
        s.Clock.SetUtcNow(s.Budget.FindExemption("ex-1")!.Sunset.AddSeconds(-1));
        s.Append(s.Disburse(s.Request("d-1", "50", period: s.Period)));

        s.Clock.Advance(TimeSpan.FromSeconds(1));
        s.Refused(s.Request("d-2", "50", period: s.Period), RejectionCode.ExemptionExpired);
    }

    [Theory]
    [InlineData("72040", "cash", "50")]
    [InlineData("72010", "in-kind", "50")]
    [InlineData("72010", "cash", "100.01")]
    public void R5_OnlyPaymentsWithinTheScopeAreCovered(string sector, string modality, string amount)
    {
        LedgerScenario s = FrozenWithExemption();
        string before = s.Snapshot();

        s.Refused(s.Request("d-1", amount, sector: sector, modality: modality), RejectionCode.Frozen);

        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void R5_WhenNotFrozenExemptionsDoNotMatter()
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Append(s.Budget.DecideGrantExemption(s.NextId(), s.Now, Owner, "ex-1", ["72010"], ["cash"], Samples.Eur("1"), s.Now.AddDays(1)));
        s.Clock.Advance(TimeSpan.FromDays(2));

        Disbursed paid = s.Append(s.Disburse(s.Request("d-1", "200", tranche: "t-2", sector: "72040", modality: "voucher", period: s.Period)));

        Assert.Equal("t-2", paid.Tranche);
    }

    [Fact]
    public void R5_GrantsRenewalsAndExpiriesFollowTheSunset()
    {
        LedgerScenario s = LedgerScenario.Funded();
        DateTimeOffset sunset = s.Now.AddDays(7);

        Assert.Equal(RejectionCode.InvalidSunset, s.Budget.DecideGrantExemption(s.NextId(), s.Now, Owner, "ex-1", ["72010"], ["cash"], Samples.Eur("100"), s.Now).Rejection!.Code);
        Assert.Equal(RejectionCode.NotBudgetOwner, s.Budget.DecideGrantExemption(s.NextId(), s.Now, "agency-key", "ex-1", ["72010"], ["cash"], Samples.Eur("100"), sunset).Rejection!.Code);
        s.Append(s.Budget.DecideGrantExemption(s.NextId(), s.Now, Owner, "ex-1", ["72010"], ["cash"], Samples.Eur("100"), sunset));
        Assert.Equal(RejectionCode.ExemptionExists, s.Budget.DecideGrantExemption(s.NextId(), s.Now, Owner, "ex-1", ["72010"], ["cash"], Samples.Eur("100"), sunset).Rejection!.Code);
        Assert.Equal(RejectionCode.ExemptionInForce, s.Budget.DecideExpireExemption(s.NextId(), s.Now, "ex-1").Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidSunset, s.Budget.DecideRenewExemption(s.NextId(), s.Now, Owner, "ex-1", sunset.AddDays(-1)).Rejection!.Code);

        s.Clock.SetUtcNow(sunset);
        s.Append(s.Budget.DecideExpireExemption(s.NextId(), s.Now, "ex-1"));
        Assert.True(s.Budget.FindExemption("ex-1")!.IsRecordedExpired);
        Assert.Equal(RejectionCode.AlreadyExpired, s.Budget.DecideExpireExemption(s.NextId(), s.Now, "ex-1").Rejection!.Code);

        s.Append(s.Budget.DecideRenewExemption(s.NextId(), s.Now, Owner, "ex-1", sunset.AddDays(30)));
        Assert.False(s.Budget.FindExemption("ex-1")!.IsRecordedExpired);
        Assert.Equal(RejectionCode.UnknownExemption, s.Budget.DecideRenewExemption(s.NextId(), s.Now, Owner, "ex-9", sunset.AddDays(30)).Rejection!.Code);
    }

    // R7 idempotency of budget commands

    [Fact]
    public void R7_TheSameCommandAgainReturnsTheRecordedEntryAndADifferentOneIsADuplicate()
    {
        LedgerScenario s = LedgerScenario.Funded();
        FundsReceived first = s.Append(s.Budget.DecideReceiveFunds("wire-2", s.Now, Samples.Eur("10"), "wire 2"));
        s.Clock.Advance(TimeSpan.FromMinutes(5));
        string before = s.Snapshot();

        Decision<FundsReceived> retry = s.Budget.DecideReceiveFunds("wire-2", s.Now, Samples.Eur("10"), "wire 2");
        Decision<FundsReceived> changed = s.Budget.DecideReceiveFunds("wire-2", s.Now, Samples.Eur("11"), "wire 2");
        Decision<ProgramEligible> otherKind = s.Budget.DecideListProgram("wire-2", s.Now, Owner, "program-3", LedgerScenario.Listed("program-3"));

        Assert.Equal(DecisionOutcome.AlreadyRecorded, retry.Outcome);
        Assert.Same(first, retry.Entry);
        Assert.Equal(RejectionCode.Duplicate, changed.Rejection!.Code);
        Assert.Equal(RejectionCode.Duplicate, otherKind.Rejection!.Code);
        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void CommandsOnABudgetThatIsNotOpenAreRefused()
    {
        ReliefBudget budget = new("budget-9");

        Assert.Equal(RejectionCode.UnknownBudget, budget.DecideReceiveFunds("r-1", Samples.Noon, Samples.Eur("1"), "x").Rejection!.Code);
        Assert.Equal(RejectionCode.UnknownBudget, budget.TryReserve(LedgerScenario.Funded().Request("d-1", "1"), Samples.Noon).Rejection!.Code);
        Assert.Throws<InvalidOperationException>(() => budget.Received);
        Assert.Throws<ArgumentException>(() => budget.Apply(new FundsReceived("r-1", Samples.Noon, "budget-1", Samples.Eur("1"), "x")));
        Assert.Throws<InvalidOperationException>(() => budget.Apply(new FundsReceived("r-1", Samples.Noon, "budget-9", Samples.Eur("1"), "x")));
    }

    [Fact]
    public void OpeningTwiceOrWithoutAPledgeIsRefused()
    {
        LedgerScenario s = LedgerScenario.Funded();
        ReliefBudget fresh = new("budget-2");

        Assert.Equal(RejectionCode.BudgetExists, s.Budget.DecideOpen("open-2", s.Now, "donor", "72010", "SS", Samples.Eur("1"), [], Owner).Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidAmount, fresh.DecideOpen("open-3", s.Now, "donor", "72010", "SS", Samples.Eur("0"), [], Owner).Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, fresh.DecideOpen("open-4", s.Now, "donor", "7201", "SS", Samples.Eur("1"), [], Owner).Rejection!.Code);
    }

    private static LedgerScenario AddedUnreleasedTranche(string[]? benchmarks = null, string amount = "300")
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Append(s.Budget.DecideAddTranche(s.NextId(), s.Now, Owner, "t-3", Samples.Eur(amount), false, benchmarks ?? ["b-2", "b-3"]));
        return s;
    }

    /// <summary>Frozen, with exemption ex-1: sector 72010, cash or voucher, up to 100, sunset in 7 days.</summary>
    private static LedgerScenario FrozenWithExemption()
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Append(s.Budget.DecideGrantExemption(s.NextId(), s.Now, Owner, "ex-1", ["72010"], ["cash", "voucher"], Samples.Eur("100"), s.Now.AddDays(7)));
        s.Append(s.Budget.DecideFreeze(s.NextId(), s.Now, "confirmed diversion", "finding-1"));
        return s;
    }
}
