using System.Security.Cryptography;
using System.Text;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Grains.Access;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Budgets;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>
/// The grain methods the disbursement flow calls on the caller's behalf, called directly through the cluster client, so
/// every argument and result crosses the wire (a type without a serializer fails here).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class GrainSurfaceTests(LedgerClusterFixture fixture)
{
    [Fact]
    public async Task The_budget_holds_commits_and_gives_back_reservations_one_at_a_time_and_by_list()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "reserve").WithTranche("t1", "100.00").BuildAsync();
        IReliefBudgetGrain budget = scenario.Budget;
        DateTimeOffset now = DateTimeOffset.UtcNow;
        DisbursementDraft d1 = Draft(scenario, "30.00");

        ReservationOutcome held = await budget.ReserveAsync(d1, now);
        Assert.Equal(new ReservationOutcome("t1", false, null, null), held);
        await AssertBalancesAsync(budget, reserved: "30.00", disbursed: "0.00", available: "70.00");
        Assert.Equal(held, await budget.ReserveAsync(d1, now));
        Assert.Equal(RejectionCode.Duplicate, (await budget.ReserveAsync(d1 with { Amount = Amounts.Of("31.00") }, now)).RejectionCode);
        await AssertBalancesAsync(budget, reserved: "30.00", disbursed: "0.00", available: "70.00");

        await budget.ReleaseAsync(d1.DisbursementId);
        await AssertBalancesAsync(budget, reserved: "0.00", disbursed: "0.00", available: "100.00");

        DisbursementDraft d2 = Draft(scenario, "20.00"), d3 = Draft(scenario, "30.00"), dollars = Draft(scenario, "5.00") with { Currency = "USD" }, tooMuch = Draft(scenario, "60.00");
        ReservationOutcome[] outcomes = await budget.ReserveManyAsync([d2, d3, dollars, tooMuch], now);
        Assert.Equal(["t1", "t1", null, null], outcomes.Select(o => o.Tranche));
        Assert.Equal([null, null, RejectionCode.CurrencyMismatch, RejectionCode.InsufficientReleasedFunds], outcomes.Select(o => o.RejectionCode));
        await AssertBalancesAsync(budget, reserved: "50.00", disbursed: "0.00", available: "50.00");

        await budget.ReleaseManyAsync([d3.DisbursementId]);
        await AssertBalancesAsync(budget, reserved: "20.00", disbursed: "0.00", available: "80.00");

        // Commit once the Disbursed entry is in the log; committing it again changes nothing.
        byte[] entry2 = DisbursedEntry(scenario, d2, now);
        LogAppendReceipt receipt2 = await fixture.AuditLog.AppendAsync(entry2);
        await budget.CommitAsync(entry2, receipt2.LeafIndex);
        await AssertBalancesAsync(budget, reserved: "0.00", disbursed: "20.00", available: "80.00");
        await budget.CommitAsync(entry2, receipt2.LeafIndex);
        await AssertBalancesAsync(budget, reserved: "0.00", disbursed: "20.00", available: "80.00");
        Assert.Equal(new ReservationOutcome("t1", true, null, null), await budget.ReserveAsync(d2, now));
        Assert.Equal(receipt2.LeafIndex, await fixture.AuditLog.FindAsync(d2.DisbursementId));

        DisbursementDraft d5 = Draft(scenario, "10.00"), d6 = Draft(scenario, "15.00");
        Assert.All(await budget.ReserveManyAsync([d5, d6], now), outcome => Assert.True(outcome.IsReserved));
        await AssertBalancesAsync(budget, reserved: "25.00", disbursed: "20.00", available: "55.00");
        byte[][] entries = [DisbursedEntry(scenario, d5, now), DisbursedEntry(scenario, d6, now)];
        LogAppendReceipt[] receipts = await fixture.AuditLog.AppendManyAsync(entries);
        await budget.CommitManyAsync(entries, [.. receipts.Select(r => r.LeafIndex)]);
        await AssertBalancesAsync(budget, reserved: "0.00", disbursed: "45.00", available: "55.00");
        Assert.Equal(receipts[0].LeafIndex + 1, receipts[1].LeafIndex);
    }

    [Fact]
    public async Task The_log_sequencer_appends_idempotently_by_id_and_indexes_entries_by_subject()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        IAuditLogGrain log = fixture.AuditLog;
        string key = Guid.NewGuid().ToString("N");
        byte[] first = Encoding.UTF8.GetBytes($$"""{"id":"raw-{{key}}-1"}""");
        byte[] second = Encoding.UTF8.GetBytes($$"""{"id":"raw-{{key}}-2","budget":"raw-b-{{key}}","program":"raw-p-{{key}}"}""");
        byte[] third = Encoding.UTF8.GetBytes($$"""{"id":"raw-{{key}}-3","budget":"raw-b-{{key}}"}""");
        LogTreeHead start = await log.GetTreeHeadAsync();

        LogAppendReceipt one = await log.AppendAsync(first);
        Assert.Equal(new LogAppendReceipt($"raw-{key}-1", start.TreeSize, one.TreeHead), one);
        Assert.Equal(start.TreeSize + 1, one.TreeHead.TreeSize);
        Assert.Equal(one.LeafIndex, (await log.AppendAsync(first)).LeafIndex);

        LogAppendReceipt[] many = await log.AppendManyAsync([second, first, third, second]);
        Assert.Equal(one.LeafIndex, many[1].LeafIndex);
        Assert.Equal(many[0].LeafIndex, many[3].LeafIndex);
        Assert.Equal(many[0].LeafIndex + 1, many[2].LeafIndex);
        LogTreeHead head = await log.GetTreeHeadAsync();
        Assert.Equal(start.TreeSize + 3, head.TreeSize);

        Assert.Equal(many[0].LeafIndex, await log.FindAsync($"raw-{key}-2"));
        Assert.Null(await log.FindAsync($"raw-{key}-missing"));
        Assert.Equal([many[0].LeafIndex, many[2].LeafIndex], await log.GetSubjectEntriesAsync(LogSubjects.Budget($"raw-b-{key}"), 0));
        Assert.Equal([many[2].LeafIndex], await log.GetSubjectEntriesAsync(LogSubjects.Budget($"raw-b-{key}"), many[0].LeafIndex + 1));
        Assert.Equal([many[0].LeafIndex], await log.GetSubjectEntriesAsync(LogSubjects.Program($"raw-p-{key}"), 0));
        Assert.Empty(await log.GetSubjectEntriesAsync(LogSubjects.Program($"raw-p-{key}-missing"), 0));

        // A different entry under a taken id is refused (never answered with the leaf of the entry that has it), alone
        // or in a list, and nothing of the call is appended.
        byte[] impostor = Encoding.UTF8.GetBytes($$"""{"id":"raw-{{key}}-1","budget":"raw-b-{{key}}"}""");
        byte[] fresh = Encoding.UTF8.GetBytes($$"""{"id":"raw-{{key}}-4"}""");
        await Assert.ThrowsAsync<EntryIdTakenException>(() => log.AppendAsync(impostor));
        await Assert.ThrowsAsync<EntryIdTakenException>(() => log.AppendManyAsync([fresh, impostor]));
        Assert.Equal(one.LeafIndex, await log.FindAsync($"raw-{key}-1"));
        Assert.Null(await log.FindAsync($"raw-{key}-4"));

        await Assert.ThrowsAsync<FormatException>(() => log.AppendAsync(Encoding.UTF8.GetBytes("""{"budget":"no id"}""")));
        await Assert.ThrowsAsync<FormatException>(() => log.AppendManyAsync([first, Encoding.UTF8.GetBytes("not json")]));
        Assert.Equal(head.TreeSize, (await log.GetTreeHeadAsync()).TreeSize);

        // The tree head is the signed checkpoint on disk, and the leaves hold the bytes appended.
        SignedCheckpoint checkpoint = await fixture.LogFiles.ReadCheckpointAsync(cancellationToken);
        Assert.Equal(head.Checkpoint, checkpoint.Format());
        Assert.Equal(head.TreeSize, checkpoint.Checkpoint.Size);
        Assert.Equal(head.RootBase64, checkpoint.Checkpoint.Root.ToBase64());
        byte[][] stored = await fixture.LogFiles.ReadAsync([one.LeafIndex, many[0].LeafIndex, many[2].LeafIndex], head.TreeSize, cancellationToken);
        Assert.Equal([first, second, third], stored);
    }

    [Fact]
    public async Task The_subject_index_lists_every_entry_of_a_budget_and_a_program_in_log_order()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "subjects").WithBeneficiaries(2).BuildAsync();
        LedgerAssert.Accepted(await scenario.Program().DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "10.00")));
        LogTreeHead head = await fixture.AuditLog.GetTreeHeadAsync();

        ulong[] budgetLeaves = await fixture.AuditLog.GetSubjectEntriesAsync(LogSubjects.Budget(scenario.BudgetId), 0);
        ulong[] programLeaves = await fixture.AuditLog.GetSubjectEntriesAsync(LogSubjects.Program(scenario.ProgramIds[0]), 0);

        // Budget: opened, funds, tranche added, verified, released, program listed, the disbursement.
        string[] budgetKinds = [.. (await fixture.LogFiles.ReadAsync(budgetLeaves, head.TreeSize, cancellationToken)).Select(e => LedgerEntryParser.Parse(e).Kind)];
        Assert.Equal(
            [BudgetOpened.KindName, FundsReceived.KindName, TrancheAdded.KindName, BenchmarkVerified.KindName, TrancheReleased.KindName, ProgramEligible.KindName, Disbursed.KindName],
            budgetKinds);
        string[] programKinds = [.. (await fixture.LogFiles.ReadAsync(programLeaves, head.TreeSize, cancellationToken)).Select(e => LedgerEntryParser.Parse(e).Kind)];
        Assert.Equal([ProgramOpened.KindName, ProgramEligible.KindName, BeneficiaryEnrolled.KindName, BeneficiaryEnrolled.KindName, Disbursed.KindName], programKinds);
        Assert.Equal(budgetLeaves[^1], programLeaves[^1]);
    }

    [Fact]
    public async Task The_access_key_registry_stores_hashes_finds_revokes_and_keeps_them_across_activations()
    {
        IAccessKeyRegistryGrain registry = fixture.Client.GetGrain<IAccessKeyRegistryGrain>($"keys-{Guid.NewGuid():N}");
        string adminHash = Sha256Hex("admin secret key"), agencyHash = Sha256Hex("agency secret key");
        Assert.False(await registry.HasAdminAsync());
        Assert.Empty(await registry.ListAsync());

        AccessKeyRecord admin = await registry.RegisterAsync("k-admin", adminHash, AccessRole.Admin, "admin:root");
        Assert.Equal(("k-admin", adminHash, AccessRole.Admin, "admin:root", false), (admin.KeyId, admin.KeyHashHex, admin.Role, admin.Principal, admin.Revoked));
        Assert.Equal(admin, await registry.RegisterAsync("k-admin", adminHash, AccessRole.Admin, "admin:root"));
        await Assert.ThrowsAsync<ArgumentException>(() => registry.RegisterAsync("k-admin", agencyHash, AccessRole.Agency, "agency:a1"));
        AccessKeyRecord agency = await registry.RegisterAsync("k-agency", agencyHash, AccessRole.Agency, "agency:a1");
        Assert.True(await registry.HasAdminAsync());
        Assert.Equal(agency, await registry.FindAsync(agencyHash));
        Assert.Null(await registry.FindAsync(Sha256Hex("unknown key")));

        Assert.True(await registry.RevokeAsync("k-admin"));
        Assert.False(await registry.RevokeAsync("k-missing"));
        Assert.Null(await registry.FindAsync(adminHash));
        Assert.False(await registry.HasAdminAsync());

        // The state is in grain storage: a new activation (on whichever silo) reads it back.
        await fixture.Cluster.DeactivateAsync(registry);
        IAccessKeyRegistryGrain again = fixture.GrainFactories[^1].GetGrain<IAccessKeyRegistryGrain>(registry.GetPrimaryKeyString());
        AccessKeyRecord[] records = [.. (await again.ListAsync()).OrderBy(r => r.KeyId, StringComparer.Ordinal)];
        Assert.Equal([admin with { Revoked = true }, agency], records);
        Assert.Equal(agency, await again.FindAsync(agencyHash));
        Assert.False(await again.HasAdminAsync());
    }

    private static DisbursementDraft Draft(LedgerScenario scenario, string amount) =>
        new(scenario.NewId("draft"), scenario.ProgramIds[0], LedgerActors.Agency.Principal, scenario.BudgetId, null, scenario.Beneficiaries[0], Amounts.Of(amount), scenario.Currency, LedgerScenario.Purpose, "cash", LedgerScenario.CurrentPeriod);

    private static byte[] DisbursedEntry(LedgerScenario scenario, DisbursementDraft draft, DateTimeOffset now) =>
        new Disbursed(
            draft.DisbursementId, now, draft.Program, draft.Budget, "t1", BeneficiaryPseudonym.Parse(draft.Beneficiary),
            draft.Amount.In(Currency.Parse(scenario.Currency)), draft.Sector, draft.Modality, draft.Period).ToCanonicalJson();

    private static async Task AssertBalancesAsync(IReliefBudgetGrain budget, string reserved, string disbursed, string available)
    {
        BudgetView view = (await budget.GetAsync())!;
        Assert.Equal((reserved, disbursed, available), (view.Reserved, view.Disbursed, view.Available));
    }

    private static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
