using System.Text;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Replay;

public class LedgerReplayTests
{
    private const string Owner = LedgerScenario.Owner;

    [Fact]
    public void AHistoryTheRulesAllowedReplaysWithoutViolationsToTheSameBalances()
    {
        LedgerScenario s = LedgerScenario.Funded(cap: "1000");
        s.Append(s.Disburse(s.Request("d-1", "60")));
        s.Append(s.Disburse(s.Request("d-2", "400")));
        s.Append(s.Program.DecideReversal("rev-1", s.Now, "d-1", ReversalReason.Returned));
        s.Append(s.Budget.DecideGrantExemption(s.NextId(), s.Now, Owner, "ex-1", ["72010"], ["cash"], Samples.Eur("100"), s.Now.AddDays(7)));
        s.Append(s.Budget.DecideFreeze(s.NextId(), s.Now, "snap-back", "finding-1"));
        s.Append(s.Disburse(s.Request("d-3", "40")));

        LedgerReplay replay = new LedgerReplay().ApplyAll(s.Log);

        Assert.Empty(replay.Violations);
        Assert.Equal((ulong)s.Log.Count, replay.LeavesRead);
        AssertSameBalances(s.Budget, replay.Budgets[LedgerScenario.BudgetId]);
        BeneficiaryProgram program = replay.Programs[LedgerScenario.ProgramId];
        Assert.Equal(s.Program.Disbursed, program.Disbursed);
        Assert.Equal(s.Program.PaidIn(Samples.Alice, "2026-11"), program.PaidIn(Samples.Alice, "2026-11"));
        Assert.Equal(s.Program.FindDisbursement("d-3")!.LeafIndex, program.FindDisbursement("d-3")!.LeafIndex);
    }

    [Fact]
    public void AGrainRebuildsItsOwnStateFromItsEntries()
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Append(s.Disburse(s.Request("d-1", "60")));
        s.Record(new ProgramOpened("other-program", s.Now, "program-2", "agency-2", Samples.Eur("5"), CapPeriod.Quarter));
        s.Record(new FundsReceived("other-budget", s.Now, "budget-2", Samples.Eur("5"), "not ours"));

        LedgerReplay budgetOnly = LedgerReplay.ForBudget(LedgerScenario.BudgetId).ApplyAll(s.Log);
        LedgerReplay programOnly = LedgerReplay.ForProgram(LedgerScenario.ProgramId).ApplyAll(s.Log);

        Assert.Empty(budgetOnly.Violations);
        Assert.Empty(programOnly.Violations);
        Assert.Equal([LedgerScenario.BudgetId], budgetOnly.Budgets.Keys);
        Assert.Empty(budgetOnly.Programs);
        Assert.Equal([LedgerScenario.ProgramId], programOnly.Programs.Keys);
        Assert.Empty(programOnly.Budgets);
        AssertSameBalances(s.Budget, budgetOnly.Budgets[LedgerScenario.BudgetId]);
        Assert.Equal(Samples.Eur("60"), programOnly.Programs[LedgerScenario.ProgramId].PaidIn(Samples.Alice, "2026-11"));
    }

    [Fact]
    public void AReservationTakenBeforeAFreezeMayLandAfterIt()
    {
        LedgerScenario s = LedgerScenario.Funded();
        DisbursementRequest request = s.Request("d-1", "60", tranche: "t-1");
        TrancheReservation reservation = s.Budget.TryReserve(request, s.Now);
        Disbursed pending = s.Program.DecideDisbursement(request, reservation.Tranche!, s.Now).Entry!;

        s.Clock.Advance(TimeSpan.FromSeconds(2));
        s.Append(s.Budget.DecideFreeze(s.NextId(), s.Now, "snap-back"));
        s.Record(pending);

        Assert.Empty(new LedgerReplay().ApplyAll(s.Log).Violations);
        Assert.Equal(Samples.Eur("60"), s.Budget.Disbursed);
    }

    [Fact]
    public void ABadHistoryIsReportedLeafByLeafWithoutThrowing()
    {
        DateTimeOffset t = Samples.Noon;
        BeneficiaryPseudonym alice = Samples.Alice, bob = Samples.Bob;
        List<(ulong, byte[])> log = [];
        void Add(LedgerEntry entry) => log.Add(((ulong)log.Count, entry.ToCanonicalJson()));

        Add(new BudgetOpened("r-0", t, "budget-1", "donor", "72010", "SS", Samples.Eur("1000"), [], Owner));
        Add(new FundsReceived("r-1", t, "budget-1", Samples.Eur("100"), "wire"));
        Add(new TrancheAdded("r-2", t, "budget-1", "t-1", Samples.Eur("100"), false, ["b-1"]));
        Add(new TrancheReleased("r-3", t, "budget-1", "t-1", Samples.Eur("100"), ["b-1"], Owner)); // 3: b-1 never verified
        Add(new TrancheAdded("r-4", t, "budget-1", "t-2", Samples.Eur("50"), true, []));
        Add(new TrancheReleased("r-5", t, "budget-1", "t-2", Samples.Eur("50"), [], "agency-key")); // 5: not the owner
        Add(new ProgramOpened("r-6", t, "program-1", "agency-9", Samples.Eur("30"), CapPeriod.Month));
        Add(new ProgramEligible("r-7", t, "budget-1", "program-1", "agency-9"));
        Add(new BeneficiaryEnrolled("r-8", t, "program-1", alice));
        Add(Paid("d-1", t, "program-1", "t-1", alice, "30"));
        Add(Paid("d-2", t, "program-1", "t-1", alice, "10")); // 10: above the cap
        Add(Paid("d-3", t, "program-1", "t-1", bob, "80")); // 11: overdraws t-1, bob not enrolled
        Add(Paid("d-4", t, "program-2", "t-1", alice, "5")); // 12: outside the ring-fence, program-2 not open
        Add(new BudgetFrozen("r-13", t.AddSeconds(1), "budget-1", "snap-back"));
        Add(Paid("d-5", t.AddSeconds(2), "program-1", "t-2", alice, "5", period: "2026-10")); // 14: frozen, no exemption
        log.Add(((ulong)log.Count, Encoding.UTF8.GetBytes("{\"kind\":\"Disbursed\"}"))); // 15: malformed
        Add(Paid("d-1", t.AddSeconds(2), "program-1", "t-1", alice, "1")); // 16: id used before
        Add(new Reversed("r-17", t.AddSeconds(2), "d-9", "program-1", "budget-1", "t-1", Samples.Eur("1"), "no such payment")); // 17
        Add(Paid("d-6", t.AddSeconds(2), "program-1", "t-9", alice, "1", period: "2026-09")); // 18: unknown tranche
        Add(Paid("d-7", t.AddSeconds(2), "program-1", "t-1", alice, "1", period: "2026-12")); // 19: frozen, future period

        LedgerReplay replay = new LedgerReplay().ApplyAll(log);

        Assert.Equal(
            [
                (3UL, RejectionCode.BenchmarkNotVerified),
                (5UL, RejectionCode.NotBudgetOwner),
                (10UL, RejectionCode.CapExceeded),
                (11UL, RejectionCode.InsufficientReleasedFunds),
                (11UL, RejectionCode.UnknownBeneficiary),
                (12UL, RejectionCode.RingFence),
                (12UL, RejectionCode.UnknownProgram),
                (14UL, RejectionCode.Frozen),
                (15UL, RejectionCode.MalformedEntry),
                (16UL, RejectionCode.Duplicate),
                (17UL, RejectionCode.UnknownDisbursement),
                (17UL, RejectionCode.UnknownDisbursement),
                (18UL, RejectionCode.UnknownTranche),
                (19UL, RejectionCode.Frozen),
                (19UL, RejectionCode.InvalidPeriod),
            ],
            replay.Violations.Select(v => (v.LeafIndex, v.Code)));
        Assert.Equal("d-3", replay.Violations[3].EntryId);
        Assert.Null(replay.Violations[8].EntryId);
        Assert.Contains("missing", replay.Violations[8].Message, StringComparison.Ordinal);

        // What the log says was paid is counted, even where it breaks the rules: t-1 is overdrawn.
        Tranche t1 = replay.Budgets["budget-1"].FindTranche("t-1")!;
        Assert.Equal(Samples.Eur("121"), t1.Disbursed); // 30 + 10 + 80 + 1; d-4 (program-2 is not open) is not counted
        Assert.Equal(Samples.Eur("-21"), t1.Available);
        Assert.Equal(Samples.Eur("5"), replay.Budgets["budget-1"].FindTranche("t-2")!.Disbursed);
        Assert.Equal(Samples.Eur("40"), replay.Programs["program-1"].PaidIn(alice, "2026-11"));
        Assert.Equal(Samples.Eur("1"), replay.Programs["program-1"].PaidIn(alice, "2026-12"));
        Assert.Equal(Samples.Eur("80"), replay.Programs["program-1"].PaidIn(bob, "2026-11"));
        Assert.Null(replay.Programs["program-1"].FindDisbursement("d-6"));
    }

    [Fact]
    public void AVerificationDatedAfterItWasRecordedIsReportedAndTheReleaseCounted()
    {
        DateTimeOffset t = Samples.Noon;
        List<(ulong, byte[])> log = [];
        void Add(LedgerEntry entry) => log.Add(((ulong)log.Count, entry.ToCanonicalJson()));

        Add(new BudgetOpened("r-0", t, "budget-1", "donor", "72010", "SS", Samples.Eur("1000"), [], Owner));
        Add(new FundsReceived("r-1", t, "budget-1", Samples.Eur("100"), "wire"));
        Add(new TrancheAdded("r-2", t, "budget-1", "t-1", Samples.Eur("100"), false, ["b-1", "b-2"]));
        Add(new BenchmarkVerified("r-3", t, "budget-1", "t-1", "b-1", "auditor", Samples.Evidence, DateOnly.FromDateTime(t.UtcDateTime).AddDays(1)));
        Add(new BenchmarkVerified("r-4", t, "budget-1", "t-1", "b-2", "auditor", Samples.Evidence, new DateOnly(2099, 1, 1))); // 4: in the future
        Add(new TrancheReleased("r-5", t, "budget-1", "t-1", Samples.Eur("100"), ["b-1", "b-2"], Owner));

        LedgerReplay replay = new LedgerReplay().ApplyAll(log);

        Assert.Equal([(4UL, RejectionCode.VerificationInFuture)], replay.Violations.Select(v => (v.LeafIndex, v.Code)));
        Assert.Equal(Samples.Eur("100"), replay.Budgets["budget-1"].Released);
    }

    [Fact]
    public void AnExemptionInForceAtTheDecisionCoversAFrozenHumanitarianPayment()
    {
        DateTimeOffset t = Samples.Noon;
        List<(ulong, byte[])> log = [];
        void Add(LedgerEntry entry) => log.Add(((ulong)log.Count, entry.ToCanonicalJson()));
        Add(new BudgetOpened("r-0", t, "budget-1", "donor", "72010", "SS", Samples.Eur("1000"), [], Owner));
        Add(new FundsReceived("r-1", t, "budget-1", Samples.Eur("100"), "wire"));
        Add(new TrancheAdded("r-2", t, "budget-1", "t-2", Samples.Eur("100"), true, []));
        Add(new TrancheReleased("r-3", t, "budget-1", "t-2", Samples.Eur("100"), [], Owner));
        Add(new ProgramEligible("r-4", t, "budget-1", "program-1", "agency-9"));
        Add(new ExemptionGranted("r-5", t, "budget-1", "ex-1", ["72010"], ["cash"], Samples.Eur("50"), t.AddHours(1)));
        Add(new BudgetFrozen("r-6", t, "budget-1", "snap-back"));
        Add(Paid("d-1", t.AddMinutes(59), "program-1", "t-2", Samples.Alice, "50"));
        Add(new ExemptionExpired("r-8", t.AddHours(1), "budget-1", "ex-1"));
        Add(Paid("d-2", t.AddMinutes(59), "program-1", "t-2", Samples.Alice, "1")); // decided before the sunset, logged after the expiry
        Add(Paid("d-3", t.AddHours(1), "program-1", "t-2", Samples.Alice, "1"));

        LedgerReplay replay = LedgerReplay.ForBudget("budget-1").ApplyAll(log);

        Assert.Equal([(10UL, RejectionCode.ExemptionExpired)], replay.Violations.Select(v => (v.LeafIndex, v.Code)));
    }

    [Fact]
    public void AListingOfAProgramNotYetOpenIsAViolationAndItsPaymentsAreOutsideTheRingFence()
    {
        DateTimeOffset t = Samples.Noon;
        List<(ulong, byte[])> log = FundedBudgetLog(t);
        void Add(LedgerEntry entry) => log.Add(((ulong)log.Count, entry.ToCanonicalJson()));
        Add(new ProgramEligible("r-4", t, "budget-1", "program-1", "agency-9")); // 4: program-1 is not open yet
        Add(new ProgramOpened("r-5", t, "program-1", "agency-9", Samples.Eur("100"), CapPeriod.Month));
        Add(new BeneficiaryEnrolled("r-6", t, "program-1", Samples.Alice));
        Add(Paid("d-1", t, "program-1", "t-1", Samples.Alice, "10")); // 7: never listed

        LedgerReplay replay = new LedgerReplay().ApplyAll(log);

        Assert.Equal([(4UL, RejectionCode.UnknownProgram), (7UL, RejectionCode.RingFence)], replay.Violations.Select(v => (v.LeafIndex, v.Code)));
        Assert.Empty(replay.Budgets["budget-1"].EligiblePrograms);
    }

    [Fact]
    public void AListingOfAProgramInAnotherCurrencyIsAViolation()
    {
        DateTimeOffset t = Samples.Noon;
        List<(ulong, byte[])> log = FundedBudgetLog(t);
        void Add(LedgerEntry entry) => log.Add(((ulong)log.Count, entry.ToCanonicalJson()));
        Add(new ProgramOpened("r-4", t, "program-usd", "agency-9", new Domain.Money.Money(Samples.UsdCurrency, 10000), CapPeriod.Month));
        Add(new ProgramEligible("r-5", t, "budget-1", "program-usd", "agency-9")); // 5

        LedgerReplay replay = new LedgerReplay().ApplyAll(log);

        Assert.Equal([(5UL, RejectionCode.CurrencyMismatch)], replay.Violations.Select(v => (v.LeafIndex, v.Code)));
    }

    [Fact]
    public void APaymentOfAProgramWhoseAgencyIsNotThePinnedOneIsOutsideTheRingFence()
    {
        DateTimeOffset t = Samples.Noon;
        List<(ulong, byte[])> log = FundedBudgetLog(t);
        void Add(LedgerEntry entry) => log.Add(((ulong)log.Count, entry.ToCanonicalJson()));
        Add(new ProgramOpened("r-4", t, "program-1", "agency-intruder", Samples.Eur("100"), CapPeriod.Month));
        Add(new ProgramEligible("r-5", t, "budget-1", "program-1", "agency-9")); // 5: pins another agency than the one running it
        Add(new BeneficiaryEnrolled("r-6", t, "program-1", Samples.Alice));
        Add(Paid("d-1", t, "program-1", "t-1", Samples.Alice, "10")); // 7: paid by agency-intruder

        LedgerReplay replay = new LedgerReplay().ApplyAll(log);

        Assert.Equal([(5UL, RejectionCode.RingFence), (7UL, RejectionCode.RingFence)], replay.Violations.Select(v => (v.LeafIndex, v.Code)));
        Assert.Contains("agency-intruder", replay.Violations[1].Message, StringComparison.Ordinal);
    }

    /// <summary>Budget budget-1 (EUR) with 100 received and tranche t-1 released: leaves 0–3.</summary>
    private static List<(ulong, byte[])> FundedBudgetLog(DateTimeOffset t)
    {
        List<(ulong, byte[])> log = [];
        void Add(LedgerEntry entry) => log.Add(((ulong)log.Count, entry.ToCanonicalJson()));
        Add(new BudgetOpened("r-0", t, "budget-1", "donor", "72010", "SS", Samples.Eur("1000"), [], Owner));
        Add(new FundsReceived("r-1", t, "budget-1", Samples.Eur("100"), "wire"));
        Add(new TrancheAdded("r-2", t, "budget-1", "t-1", Samples.Eur("100"), false, []));
        Add(new TrancheReleased("r-3", t, "budget-1", "t-1", Samples.Eur("100"), [], Owner));
        return log;
    }

    private static Disbursed Paid(
        string id, DateTimeOffset time, string program, string tranche, BeneficiaryPseudonym who, string amount, string period = "2026-11") =>
        new(id, time, program, "budget-1", tranche, who, Samples.Eur(amount), "72010", "cash", period);

    private static void AssertSameBalances(ReliefBudget live, ReliefBudget replayed)
    {
        Assert.Equal(live.Received, replayed.Received);
        Assert.Equal(live.Released, replayed.Released);
        Assert.Equal(live.Disbursed, replayed.Disbursed);
        Assert.Equal(live.Disbursed + live.Reserved, replayed.Disbursed + replayed.Reserved + live.Reserved);
        Assert.Equal(live.IsFrozen, replayed.IsFrozen);
        Assert.Equal(live.EligiblePrograms, replayed.EligiblePrograms);
        Assert.Equal(live.Tranches.Select(t => (t.Id, t.Released, t.Disbursed)), replayed.Tranches.Select(t => (t.Id, t.Released, t.Disbursed)));
    }
}
