using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Budgets;

/// <summary>
/// Issue 15 item 4: a budget whose terms require vetting pays a list above its threshold only after a registered vetting
/// body approved it, only its approved rows, and nothing of a list that expired or of a refused row.
/// </summary>
public class PaymentListVettingTests
{
    private const string Owner = LedgerScenario.Owner;
    private const string Agency = LedgerScenario.Agency;
    private const string Program = LedgerScenario.ProgramId;
    private const string Vetter = "watchdog-cs";
    private const string List = "list-1";

    /// <summary>The funded scenario with a vetting term (threshold, 7 days) and one registered vetting body.</summary>
    private static LedgerScenario Vetted(string threshold = "0")
    {
        LedgerScenario s = LedgerScenario.Funded();
        s.Append(s.Budget.DecideRequireVetting(EntryIds.VettingRequired(LedgerScenario.BudgetId), s.Now, Owner, Samples.Eur(threshold), 7));
        s.Append(s.Budget.DecideRegisterVetter(EntryIds.VetterRegistered(LedgerScenario.BudgetId, Vetter), s.Now, Owner, Vetter));
        return s;
    }

    private static string Row(string row) => EntryIds.Disbursement(Program, row);

    private static Decision<PaymentListSubmitted> Submit(LedgerScenario s, int rows = 3, string total = "30", string list = List, string agency = Agency) =>
        s.Budget.DecideSubmitPaymentList(EntryIds.PaymentListSubmitted(Program, list), s.Now, Program, agency, list, Samples.Evidence, rows, Samples.Eur(total));

    private static Decision<PaymentListVetted> Vet(LedgerScenario s, string[] approved, Dictionary<string, string>? refused = null, string vetter = Vetter, string list = List) =>
        s.Budget.DecideVetPaymentList(EntryIds.PaymentListVetted(Program, list), s.Now, Program, list, vetter, approved, refused ?? []);

    private static Dictionary<string, string> Refuse(string row) => new() { [row] = RowRefusalReasons.IneligibleBeneficiary };

    private static void AssertReplayAgrees(LedgerScenario s)
    {
        LedgerReplay replay = new LedgerReplay().ApplyAll(s.Log);
        Assert.Empty(replay.Violations);
        Assert.Equal(s.Budget.Disbursed, replay.Budgets[LedgerScenario.BudgetId].Disbursed);
        Assert.Equal(
            s.Budget.PaymentLists.Select(l => (l.Submitted.List, l.Status, l.PaidUnits)),
            replay.Budgets[LedgerScenario.BudgetId].PaymentLists.Select(l => (l.Submitted.List, l.Status, l.PaidUnits)));
    }

    [Fact]
    public void WithoutTheTermNothingChanges()
    {
        LedgerScenario s = LedgerScenario.Funded();

        s.Append(s.Disburse(s.Request(Row("r-1"), "400")));

        Assert.Null(s.Budget.Vetting);
        Assert.Equal(RejectionCode.VettingNotRequired, Submit(s).Rejection!.Code);
    }

    [Fact]
    public void WithAZeroThresholdEveryPaymentWaitsForAnApprovedRow()
    {
        LedgerScenario s = Vetted("0");
        string before = s.Snapshot();

        s.Refused(s.Request(Row("r-1"), "1"), RejectionCode.VettingRequired);

        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void AThresholdLetsSmallPaymentsThroughAndHoldsLargerOnes()
    {
        LedgerScenario s = Vetted("100");

        s.Append(s.Disburse(s.Request(Row("small"), "100")));
        s.Refused(s.Request(Row("large"), "100.01"), RejectionCode.VettingRequired);
        Assert.True(s.Budget.Vetting!.Requires(Samples.Eur("100.01")));
        Assert.False(s.Budget.Vetting.Requires(Samples.Eur("100")));
        AssertReplayAgrees(s);
    }

    [Fact]
    public void OnlyTheApprovedRowsArePaidAndARefusedRowNever()
    {
        LedgerScenario s = Vetted("0");
        s.Append(Submit(s));
        s.Refused(s.Request(Row("r-1"), "10"), RejectionCode.VettingRequired);

        s.Append(Vet(s, ["r-1", "r-2"], Refuse("r-3")));

        s.Append(s.Disburse(s.Request(Row("r-1"), "10")));
        s.Append(s.Disburse(s.Request(Row("r-2"), "10")));
        s.Refused(s.Request(Row("r-3"), "10"), RejectionCode.RowRefused);
        s.Refused(s.Request(Row("r-4"), "10"), RejectionCode.VettingRequired);
        VettedPaymentList list = s.Budget.FindPaymentList(Program, List)!;
        Assert.Equal(PaymentListStatus.Vetted, list.Status);
        Assert.Equal(2, list.PaidRows);
        Assert.Equal(Samples.Eur("20").MinorUnits, list.PaidUnits);
        AssertReplayAgrees(s);
    }

    [Fact]
    public void A_budget_restored_from_its_snapshot_still_counts_what_its_vetted_lists_paid()
    {
        LedgerScenario s = Vetted("0");
        s.Append(Submit(s, rows: 2, total: "20"));
        s.Append(Vet(s, ["r-1", "r-2"]));
        s.Append(s.Disburse(s.Request(Row("r-1"), "15")));

        ReliefBudget restored = ReliefBudget.FromSnapshot(LedgerScenario.BudgetId, s.Budget.ToSnapshot());

        Assert.Equal(
            s.Budget.PaymentLists.Select(l => (l.Submitted.List, l.Status, l.PaidUnits, l.PaidRows)),
            restored.PaymentLists.Select(l => (l.Submitted.List, l.Status, l.PaidUnits, l.PaidRows)));
        Assert.Equal(15_00, restored.PaymentLists.Single().PaidUnits);
    }

    [Fact]
    public void ApprovedRowsPayAtMostTheListsTotal()
    {
        LedgerScenario s = Vetted("0");
        s.Append(Submit(s, rows: 2, total: "20"));
        s.Append(Vet(s, ["r-1", "r-2"]));
        s.Append(s.Disburse(s.Request(Row("r-1"), "15")));

        s.Refused(s.Request(Row("r-2"), "10"), RejectionCode.VettedTotalExceeded);
    }

    [Fact]
    public void AWaitingListExpiresAfterItsTimeAndIsThenNeitherVettedNorPaid()
    {
        LedgerScenario s = Vetted("0");
        PaymentListSubmitted submitted = s.Append(Submit(s));
        Assert.Equal(s.Now.AddDays(7), submitted.ExpiresAt);

        s.Clock.SetUtcNow(submitted.ExpiresAt.AddSeconds(-1));
        Assert.Equal(
            RejectionCode.PaymentListNotExpired,
            s.Budget.DecideExpirePaymentList(EntryIds.PaymentListExpired(Program, List), s.Now, Program, List).Rejection!.Code);

        s.Clock.SetUtcNow(submitted.ExpiresAt);
        Assert.Equal(RejectionCode.PaymentListExpired, Vet(s, ["r-1", "r-2", "r-3"]).Rejection!.Code);
        s.Append(s.Budget.DecideExpirePaymentList(EntryIds.PaymentListExpired(Program, List), s.Now, Program, List));

        Assert.Equal(PaymentListStatus.Expired, s.Budget.FindPaymentList(Program, List)!.Status);
        Assert.Equal(RejectionCode.PaymentListExpired, Vet(s, ["r-1", "r-2", "r-3"]).Rejection!.Code);
        s.Refused(s.Request(Row("r-1"), "10"), RejectionCode.VettingRequired);
        AssertReplayAgrees(s);
    }

    [Fact]
    public void AVettedListNoLongerExpires()
    {
        LedgerScenario s = Vetted("0");
        PaymentListSubmitted submitted = s.Append(Submit(s));
        s.Clock.SetUtcNow(submitted.ExpiresAt.AddSeconds(-1));
        s.Append(Vet(s, ["r-1", "r-2", "r-3"]));

        s.Clock.SetUtcNow(submitted.ExpiresAt.AddDays(1));

        Assert.Equal(
            RejectionCode.AlreadyVetted,
            s.Budget.DecideExpirePaymentList(EntryIds.PaymentListExpired(Program, List), s.Now, Program, List).Rejection!.Code);
    }

    [Fact]
    public void OnlyARegisteredIndependentVetterVetsEveryRowOnce()
    {
        LedgerScenario s = Vetted("0");
        s.Append(s.Budget.DecideRegisterVetter(EntryIds.VetterRegistered(LedgerScenario.BudgetId, Agency), s.Now, Owner, Agency));
        s.Append(Submit(s));

        Assert.Equal(RejectionCode.VetterNotRegistered, Vet(s, ["r-1", "r-2", "r-3"], vetter: "other-watchdog").Rejection!.Code);
        Assert.Equal(RejectionCode.VetterNotIndependent, Vet(s, ["r-1", "r-2", "r-3"], vetter: Agency).Rejection!.Code);
        Assert.Equal(RejectionCode.RowNotInList, Vet(s, ["r-1", "r-2"]).Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, Vet(s, ["r-1", "r-2"], new() { ["r-3"] = "0" }).Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, Vet(s, ["r-1", "r-2", "r-3"], Refuse("r-3")).Rejection!.Code);

        s.Append(Vet(s, ["r-1", "r-2"], Refuse("r-3")));

        Assert.Equal(DecisionOutcome.AlreadyRecorded, Vet(s, ["r-1", "r-2"], Refuse("r-3")).Outcome);
        Assert.Equal(RejectionCode.Duplicate, Vet(s, ["r-1", "r-2", "r-3"]).Rejection!.Code);
        Assert.Equal(RejectionCode.Duplicate, Vet(s, ["r-1", "r-2"], Refuse("r-3"), vetter: "other-watchdog").Rejection!.Code);
    }

    [Fact]
    public void TheTermAndTheVettingBodiesAreTheOwnersAndIndependent()
    {
        LedgerScenario s = LedgerScenario.Funded();

        Assert.Equal(RejectionCode.NotBudgetOwner, s.Budget.DecideRequireVetting(EntryIds.VettingRequired(LedgerScenario.BudgetId), s.Now, Agency, Samples.Eur("0"), 7).Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, s.Budget.DecideRequireVetting(EntryIds.VettingRequired(LedgerScenario.BudgetId), s.Now, Owner, Samples.Eur("0"), 0).Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, s.Budget.DecideRequireVetting(EntryIds.VettingRequired(LedgerScenario.BudgetId), s.Now, Owner, Samples.Eur("-1"), 7).Rejection!.Code);
        s.Append(s.Budget.DecideRequireVetting(EntryIds.VettingRequired(LedgerScenario.BudgetId), s.Now, Owner, Samples.Eur("50"), 7));
        Assert.Equal(RejectionCode.Duplicate, s.Budget.DecideRequireVetting(EntryIds.VettingRequired(LedgerScenario.BudgetId), s.Now, Owner, Samples.Eur("0"), 7).Rejection!.Code);
        Assert.Equal(RejectionCode.AlreadyRequired, s.Budget.DecideRequireVetting("other-id", s.Now, Owner, Samples.Eur("0"), 7).Rejection!.Code);
        Assert.Equal(RejectionCode.VetterNotIndependent, s.Budget.DecideRegisterVetter(EntryIds.VetterRegistered(LedgerScenario.BudgetId, Owner), s.Now, Owner, Owner).Rejection!.Code);
        Assert.Equal(RejectionCode.NotBudgetOwner, s.Budget.DecideRegisterVetter(EntryIds.VetterRegistered(LedgerScenario.BudgetId, Vetter), s.Now, Vetter, Vetter).Rejection!.Code);
    }

    [Fact]
    public void ASubmissionIsOfAListedProgramsAgencyOnceWithinTheLimits()
    {
        LedgerScenario s = Vetted("0");

        Assert.Equal(RejectionCode.RingFence, Submit(s, agency: "agency-other").Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, Submit(s, rows: PaymentListSubmitted.MaxRows + 1).Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidAmount, Submit(s, total: "0").Rejection!.Code);
        s.Append(Submit(s));
        Assert.Equal(DecisionOutcome.AlreadyRecorded, Submit(s).Outcome);
        Assert.Equal(RejectionCode.Duplicate, Submit(s, rows: 4).Rejection!.Code);
    }

    [Fact]
    public void ReplayReportsPaymentsWithoutApprovalOfRefusedRowsAndAfterExpiry()
    {
        LedgerScenario s = Vetted("0");
        s.Append(Submit(s));
        s.Append(Submit(s, list: "list-2"));
        s.Append(Vet(s, ["r-1", "r-2"], Refuse("r-3")));
        s.Clock.Advance(TimeSpan.FromDays(8));
        s.Append(s.Budget.DecideExpirePaymentList(EntryIds.PaymentListExpired(Program, "list-2"), s.Now, Program, "list-2"));
        string tranche = s.Budget.Tranches[0].Id;
        // What a grain never writes: payments of a refused row, of a row no vetting approved, and a vetting after expiry.
        s.Log.Add(((ulong)s.Log.Count, new Disbursed(Row("r-3"), s.Now, Program, LedgerScenario.BudgetId, tranche, Samples.Alice, Samples.Eur("10"), "72010", "cash", s.Period).ToCanonicalJson()));
        s.Log.Add(((ulong)s.Log.Count, new Disbursed(Row("x-1"), s.Now, Program, LedgerScenario.BudgetId, tranche, Samples.Alice, Samples.Eur("10"), "72010", "cash", s.Period).ToCanonicalJson()));
        s.Log.Add(((ulong)s.Log.Count, new PaymentListVetted(
            EntryIds.PaymentListVetted(Program, "list-2"), s.Now, LedgerScenario.BudgetId, Program, "list-2", Vetter, ["a", "b", "c"], new Dictionary<string, string>()).ToCanonicalJson()));

        LedgerReplay replay = new LedgerReplay().ApplyAll(s.Log);

        Assert.Equal(
            [RejectionCode.RowRefused, RejectionCode.VettingRequired, RejectionCode.PaymentListExpired],
            replay.Violations.Select(v => v.Code));
    }
}
