using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Replay;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Grains.Vetting;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Vetting;

/// <summary>
/// Issue 15 item 4 through the grains in a TestingHost: the owner's term and vetting bodies, a list submitted (rows in
/// private grain storage, its commitment in the log), vetted, its approved rows paid and every row's result kept; expiry
/// by the hourly pass racing a vetting; and the abuse cases (another budget's vetter, the agency itself, vetting twice,
/// unknown rows, other rows under a taken list id, too many rows).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class PaymentListGrainTests(LedgerClusterFixture fixture)
{
    private static readonly Actor Vetter = new("watchdog:vetter-1", IsAdmin: false);
    private static readonly Actor OtherVetter = new("watchdog:vetter-2", IsAdmin: false);

    private async Task<(LedgerScenario Scenario, IBudgetVettingGrain Budget)> VettedAsync(string name, string threshold = "0")
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, name).BuildAsync();
        IBudgetVettingGrain budget = fixture.Client.GetGrain<IBudgetVettingGrain>(scenario.BudgetId);
        LedgerAssert.Accepted(await budget.RequireVettingAsync(LedgerActors.Donor, new RequireVettingCommand(EntryIds.VettingRequired(scenario.BudgetId), Amounts.Of(threshold), 7)));
        LedgerAssert.Accepted(await budget.RegisterVetterAsync(LedgerActors.Donor, new RegisterVetterCommand(EntryIds.VetterRegistered(scenario.BudgetId, Vetter.Principal), Vetter.Principal)));
        return (scenario, budget);
    }

    private static VettingRow[] Rows(LedgerScenario scenario, params string[] amounts) =>
        [.. amounts.Select((amount, i) => new VettingRow(scenario.Payment(i % scenario.Beneficiaries.Count, amount, id: $"row-{i + 1}"), $"REF-{i + 1}"))];

    private IPaymentListGrain List(LedgerScenario scenario, string list = "list-1") =>
        fixture.Client.GetGrain<IPaymentListGrain>(PaymentListKeys.Of(scenario.ProgramIds[0], list));

    [Fact]
    public async Task A_vetted_list_pays_only_its_approved_rows_and_keeps_every_rows_result()
    {
        (LedgerScenario scenario, IBudgetVettingGrain budget) = await VettedAsync("vet-cycle");
        IPaymentListGrain list = List(scenario);
        VettingTermsView terms = (await budget.GetVettingAsync())!;
        Assert.Equal(("0.00", 7, Vetter.Principal), (terms.Threshold, terms.MaxWaitDays, Assert.Single(terms.Vetters)));

        // A payment outside a vetted list is refused while the term is in force.
        LedgerAssert.Refused(RejectionCode.VettingRequired, await scenario.Program().DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "5.00")));

        ulong submitted = LedgerAssert.Accepted(await list.SubmitAsync(LedgerActors.Agency, new SubmitPaymentListCommand(scenario.BudgetId, LedgerScenario.Evidence, Rows(scenario, "10.00", "20.00", "30.00"))));
        PaymentListView waiting = (await list.GetAsync())!;
        Assert.Equal(("waiting", 3, "60.00"), (waiting.Status, waiting.Rows, waiting.Total));
        Assert.All(waiting.Results, r => Assert.Equal("waiting", r.Status));

        // The rows are private: the agency and the budget's vetting body read them, others not.
        Assert.Equal(["REF-1", "REF-2", "REF-3"], (await list.GetRowsAsync(Vetter)).Rows.Select(r => r.Reference));
        Assert.True((await list.GetRowsAsync(LedgerActors.Agency)).Allowed);
        Assert.False((await list.GetRowsAsync(OtherVetter)).Allowed);
        Assert.False((await list.GetRowsAsync(LedgerActors.OtherAgency)).Allowed);

        LedgerAssert.Accepted(await list.VetAsync(Vetter, approved: null, [new RowRefusal("row-2", RowRefusalReasons.DuplicateBeneficiary)]));

        PaymentListView paid = (await list.GetAsync())!;
        Assert.Equal("paid", paid.Status);
        Assert.Equal(
            [("row-1", "accepted", null), ("row-2", "refused", RowRefusalReasons.DuplicateBeneficiary), ("row-3", "accepted", null)],
            paid.Results.Select(r => (r.Id, r.Status, r.Code)));
        Assert.Equal(scenario.EntryIdOf(Rows(scenario, "10.00")[0].Command), paid.Results[0].EntryId);

        // The refused row cannot be paid by another path either; the approved ones are not paid twice.
        LedgerAssert.Refused(RejectionCode.RowRefused, await scenario.Program().DisburseAsync(LedgerActors.Agency, Rows(scenario, "10.00", "20.00")[1].Command));
        ulong size = await fixture.TreeSizeAsync();
        Assert.Equal(paid.Results.Select(r => r.LeafIndex), (await list.GetAsync())!.Results.Select(r => r.LeafIndex));
        Assert.Equal(size, await fixture.TreeSizeAsync());

        // Vetting again: the same decision is idempotent, another is a conflict.
        LedgerAssert.Accepted(await list.VetAsync(Vetter, approved: null, [new RowRefusal("row-2", RowRefusalReasons.DuplicateBeneficiary)]));
        LedgerAssert.Refused(RejectionCode.Duplicate, await list.VetAsync(Vetter, approved: null, []));
        Assert.Equal(size, await fixture.TreeSizeAsync());

        // The auditor's replay of the log's files finds nothing wrong with this budget.
        LedgerLogFiles files = fixture.LogFiles;
        Transparency.Checkpoints.SignedCheckpoint checkpoint = await files.VerifyAsync(TestContext.Current.CancellationToken);
        byte[][] entries = await files.ReadAllAsync(checkpoint.Checkpoint.Size, TestContext.Current.CancellationToken);
        LedgerReplay replay = new LedgerReplay().ApplyAll(entries.Select((entry, i) => ((ulong)i, entry)));
        Assert.DoesNotContain(replay.Violations, v => v.LeafIndex >= submitted && v.EntryId?.Contains(scenario.Key, StringComparison.Ordinal) == true);
        Assert.Equal(Domain.Budgets.PaymentListStatus.Vetted, PaymentListStatusOf(replay, scenario));
    }

    private static Domain.Budgets.PaymentListStatus PaymentListStatusOf(LedgerReplay replay, LedgerScenario scenario) =>
        replay.Budgets[scenario.BudgetId].FindPaymentList(scenario.ProgramIds[0], "list-1")!.Status;

    [Fact]
    public async Task Abuse_another_budgets_vetter_the_agency_unknown_rows_other_rows_under_a_taken_id_and_too_many_rows()
    {
        (LedgerScenario scenario, IBudgetVettingGrain budget) = await VettedAsync("vet-abuse");
        (LedgerScenario other, IBudgetVettingGrain otherBudget) = await VettedAsync("vet-abuse2");
        LedgerAssert.Accepted(await otherBudget.RegisterVetterAsync(LedgerActors.Donor, new RegisterVetterCommand(EntryIds.VetterRegistered(other.BudgetId, OtherVetter.Principal), OtherVetter.Principal)));
        // The owner registers the agency itself as a vetting body: it still cannot vet its own list.
        LedgerAssert.Accepted(await budget.RegisterVetterAsync(LedgerActors.Donor, new RegisterVetterCommand(EntryIds.VetterRegistered(scenario.BudgetId, LedgerActors.Agency.Principal), LedgerActors.Agency.Principal)));
        IPaymentListGrain list = List(scenario);
        VettingRow[] rows = Rows(scenario, "10.00", "20.00");

        LedgerAssert.Refused(LedgerResult.Forbidden, await list.SubmitAsync(LedgerActors.OtherAgency, new SubmitPaymentListCommand(scenario.BudgetId, LedgerScenario.Evidence, rows)));
        LedgerAssert.Refused(RejectionCode.PaymentListTooLarge, await List(scenario, "huge").SubmitAsync(
            LedgerActors.Agency, new SubmitPaymentListCommand(scenario.BudgetId, LedgerScenario.Evidence, Rows(scenario, [.. Enumerable.Repeat("1.00", PaymentListSubmitted.MaxRows + 1)]))));
        LedgerAssert.Refused(RejectionCode.InvalidRequest, await List(scenario, "bad-amount").SubmitAsync(
            LedgerActors.Agency, new SubmitPaymentListCommand(scenario.BudgetId, LedgerScenario.Evidence, Rows(scenario, "10.001"))));
        LedgerAssert.Refused(RejectionCode.UnknownPaymentList, await List(scenario, "bad-amount").VetAsync(Vetter, null, []));
        LedgerAssert.Accepted(await list.SubmitAsync(LedgerActors.Agency, new SubmitPaymentListCommand(scenario.BudgetId, LedgerScenario.Evidence, rows)));
        ulong size = await fixture.TreeSizeAsync();

        // The same list again is the same entry; other rows under its id are a conflict.
        LedgerAssert.Accepted(await list.SubmitAsync(LedgerActors.Agency, new SubmitPaymentListCommand(scenario.BudgetId, LedgerScenario.Evidence, rows)));
        LedgerAssert.Refused(RejectionCode.Duplicate, await list.SubmitAsync(LedgerActors.Agency, new SubmitPaymentListCommand(scenario.BudgetId, new string('a', 64), Rows(scenario, "99.00"))));

        LedgerAssert.Refused(RejectionCode.VetterNotRegistered, await list.VetAsync(OtherVetter, null, []));
        LedgerAssert.Refused(RejectionCode.VetterNotIndependent, await list.VetAsync(LedgerActors.Agency, null, []));
        LedgerAssert.Refused(RejectionCode.VetterNotRegistered, await list.VetAsync(LedgerActors.Donor, null, []));
        LedgerAssert.Refused(RejectionCode.RowNotInList, await list.VetAsync(Vetter, ["row-1", "row-9"], [new RowRefusal("row-2", RowRefusalReasons.SanctionsConcern)]));
        LedgerAssert.Refused(RejectionCode.RowNotInList, await list.VetAsync(Vetter, ["row-1"], []));
        LedgerAssert.Refused(RejectionCode.InvalidRequest, await list.VetAsync(Vetter, null, [new RowRefusal("row-2", "0")]));
        LedgerAssert.Refused(RejectionCode.InvalidRequest, await list.VetAsync(Vetter, ["row-1", "row-2"], [new RowRefusal("row-2", RowRefusalReasons.SanctionsConcern)]));
        Assert.Equal(size, await fixture.TreeSizeAsync());
        Assert.Equal("waiting", (await list.GetAsync())!.Status);
        Assert.Null(await List(scenario, "never-sent").GetAsync());
    }

    [Fact]
    public async Task A_waiting_list_expires_once_when_the_pass_and_a_vetting_race_one_wins()
    {
        (LedgerScenario scenario, IBudgetVettingGrain budget) = await VettedAsync("vet-expiry");
        IPaymentListGrain expiring = List(scenario, "expiring");
        IPaymentListGrain racing = List(scenario, "racing");
        LedgerAssert.Accepted(await expiring.SubmitAsync(LedgerActors.Agency, new SubmitPaymentListCommand(scenario.BudgetId, LedgerScenario.Evidence, Rows(scenario, "10.00"))));
        LedgerAssert.Accepted(await racing.SubmitAsync(LedgerActors.Agency, new SubmitPaymentListCommand(scenario.BudgetId, new string('b', 64), [.. Rows(scenario, "1.00", "2.00").Select(r => r with { Command = r.Command with { DisbursementId = "race-" + r.Command.DisbursementId } })])));

        Assert.Empty(await budget.ExpirePaymentListsAsync(DateTimeOffset.UtcNow.AddDays(6)));
        ulong size = await fixture.TreeSizeAsync();

        // The pass (at a time past the wait) and a vetting race on the other list: exactly one of them is logged.
        Task<PaymentListExpiryOutcome[]> pass = budget.ExpirePaymentListsAsync(DateTimeOffset.UtcNow.AddDays(8));
        Task<LedgerResult> vetting = racing.VetAsync(Vetter, null, []);
        PaymentListExpiryOutcome[] expired = await pass;
        LedgerResult vetted = await vetting;
        string racingStatus = (await racing.GetAsync())!.Status;
        Assert.Equal(vetted.Accepted ? "paid" : "expired", racingStatus);
        Assert.Equal(vetted.Accepted ? 1 : 2, expired.Length);
        Assert.Contains(expired, e => e.List == "expiring");
        Assert.Equal(size + (ulong)expired.Length + (vetted.Accepted ? 3UL : 0UL), await fixture.TreeSizeAsync());

        // A second pass logs nothing; the expired list is never vetted and its rows are never paid.
        Assert.Empty(await budget.ExpirePaymentListsAsync(DateTimeOffset.UtcNow.AddDays(9)));
        LedgerAssert.Refused(RejectionCode.PaymentListExpired, await expiring.VetAsync(Vetter, null, []));
        PaymentListView view = (await expiring.GetAsync())!;
        Assert.Equal(("expired", "expired"), (view.Status, Assert.Single(view.Results).Status));
        LedgerAssert.Refused(RejectionCode.VettingRequired, await scenario.Program().DisburseAsync(LedgerActors.Agency, Rows(scenario, "10.00")[0].Command));
    }

    [Fact]
    public async Task A_threshold_sends_only_larger_lists_to_vetting_and_the_term_is_the_owners_once()
    {
        (LedgerScenario scenario, IBudgetVettingGrain budget) = await VettedAsync("vet-threshold", threshold: "50.00");

        LedgerAssert.Accepted(await scenario.Program().DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "50.00")));
        LedgerAssert.Refused(RejectionCode.VettingRequired, await scenario.Program().DisburseAsync(LedgerActors.Agency, scenario.Payment(1, "50.01")));
        LedgerAssert.Refused(RejectionCode.Duplicate, await budget.RequireVettingAsync(LedgerActors.Donor, new RequireVettingCommand(EntryIds.VettingRequired(scenario.BudgetId), Amounts.Of("0"), 7)));
        LedgerAssert.Refused(LedgerResult.Forbidden, await budget.RequireVettingAsync(LedgerActors.OtherDonor, new RequireVettingCommand("x", Amounts.Of("0"), 7)));
        LedgerAssert.Refused(LedgerResult.Forbidden, await budget.RegisterVetterAsync(LedgerActors.Agency, new RegisterVetterCommand("y", "watchdog:z")));
        LedgerAssert.Refused(RejectionCode.VetterNotIndependent, await budget.RegisterVetterAsync(LedgerActors.Donor, new RegisterVetterCommand("z", LedgerActors.Donor.Principal)));
        Assert.Null(await budget.GetPaymentListAsync(scenario.ProgramIds[0], "none"));
        // The budget's own methods, called directly (every argument and result crosses the wire): another agency's
        // submission is outside the ring-fence, a vetting of a list never submitted is unknown.
        LedgerAssert.Refused(RejectionCode.RingFence, await budget.SubmitPaymentListAsync(
            new PaymentListSubmission(scenario.ProgramIds[0], LedgerActors.OtherAgency.Principal, "direct", LedgerScenario.Evidence, 1, Amounts.Of("10.00"))));
        LedgerAssert.Refused(RejectionCode.UnknownPaymentList, await budget.VetPaymentListAsync(
            Vetter, new VetPaymentListCommand(scenario.ProgramIds[0], "direct", ["row-1"], [new RowRefusal("row-2", RowRefusalReasons.SanctionsConcern)])));
        Assert.Null(await fixture.Client.GetGrain<IBudgetVettingGrain>("no-such-budget").GetVettingAsync());
    }
}
