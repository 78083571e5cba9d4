using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Watchdog;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Watchdogs;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Witnesses;
using OversightLedger.Transparency.Storage;
using OversightLedger.Server.Hosting;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Server.Witnesses;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>
/// The watchdog grain on a 3-silo cluster: it learns from the log, raises a finding once, the agency disputes it, the
/// watchdog confirms it, and snap-back freezes the non-exempt tranches while humanitarian-exempt payments still go through.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class WatchdogGrainTests(LedgerClusterFixture fixture)
{
    private static readonly Actor OtherWatchdog = new("watchdog:w2", IsAdmin: false);

    [Fact]
    public async Task A_confirmed_duplicate_beneficiary_finding_snaps_back_the_budget_but_humanitarian_payments_flow()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "snap-back")
            .WithSnapBackClasses(WatchdogRuleClass.DuplicateBeneficiary)
            .WithTranche("t1", "1000.00")
            .WithTranche("h1", "1000.00", humanitarian: true)
            .WithPrograms(2)
            .WithBeneficiaries(2)
            .BuildAsync();
        LedgerAssert.Accepted(await scenario.Budget.GrantExemptionAsync(LedgerActors.Donor, new GrantExemptionCommand(
            scenario.NewId("exemption"), "e1", [LedgerScenario.Purpose], ["cash"], Amounts.Of("500.00"), DateTimeOffset.UtcNow.AddDays(90))));
        IWatchdogGrain watchdog = fixture.Client.GetGrain<IWatchdogGrain>($"wd-{scenario.Key}");
        WatchdogView registered = (await watchdog.RegisterAsync(LedgerActors.Watchdog, new RegisterWatchdogCommand("Sudan Budget Watch", [scenario.BudgetId], []))).View!;
        Assert.Equal(LedgerActors.Watchdog.Principal, registered.Owner);
        Assert.Contains(registered.Watchdog, await fixture.Client.GetGrain<IWatchdogDirectoryGrain>(IWatchdogDirectoryGrain.Key).ListAsync());

        // The same person paid by both programs in one month.
        ulong first = LedgerAssert.Accepted(await scenario.Program(0).DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "20.00", tranche: "t1", modality: "cash")));
        ulong second = LedgerAssert.Accepted(await scenario.Program(1).DisburseAsync(LedgerActors.Agency, scenario.Payment(0, "30.00", tranche: "t1", modality: "cash")));
        LedgerAssert.Accepted(await scenario.Program(1).DisburseAsync(LedgerActors.Agency, scenario.Payment(1, "30.00", tranche: "t1", modality: "cash")));

        // The cluster's log is shared with other tests, some of which append malformed entries on purpose: those are
        // ledger-integrity findings of every watchdog, whatever its scope. This test follows its duplicate.
        WatchdogScanOutcome scan = await watchdog.ScanAsync();
        string findingId = Assert.Single(await DuplicatesAsync(watchdog)).Finding;
        Assert.Contains(findingId, scan.RaisedFindings);

        Assert.True(await LeafOfAsync(findingId) > second);
        Assert.Empty((await watchdog.ScanAsync()).RaisedFindings);
        FindingView finding = Assert.Single(await DuplicatesAsync(watchdog));
        Assert.Equal((WatchdogRuleClass.DuplicateBeneficiary, "raised"), (finding.Class, finding.State));
        Assert.Equal([(long)first, (long)second], finding.Leaves);
        Assert.Equal([.. scenario.ProgramIds.Order(StringComparer.Ordinal)], finding.Programs);

        // Only the agency running one of the programs disputes; only the watchdog's owner resolves.
        LedgerAssert.Refused(LedgerResult.Forbidden, await watchdog.DisputeAsync(LedgerActors.OtherAgency, new DisputeFindingCommand(scenario.NewId("dispute"), findingId, "not ours")));
        LedgerAssert.Refused(RejectionCode.UnknownFinding, await watchdog.DisputeAsync(LedgerActors.Agency, new DisputeFindingCommand(scenario.NewId("dispute"), "f-nope", "which?")));
        LedgerAssert.Accepted(await watchdog.DisputeAsync(LedgerActors.Agency, new DisputeFindingCommand(scenario.NewId("dispute"), findingId, "Two households share a name.")));
        Assert.Equal("disputed", Assert.Single(await DuplicatesAsync(watchdog)).State);
        LedgerAssert.Refused(LedgerResult.Forbidden, await watchdog.ResolveAsync(OtherWatchdog, new ResolveFindingCommand(scenario.NewId("resolve"), findingId, "confirmed", "x")));
        Assert.False((await scenario.Budget.GetAsync())!.Frozen);

        var confirm = new ResolveFindingCommand(scenario.NewId("resolve"), findingId, "confirmed", "Recover the second payment; re-verify the registry.");
        LedgerAssert.Accepted(await watchdog.ResolveAsync(LedgerActors.Watchdog, confirm));
        FindingView confirmed = Assert.Single(await DuplicatesAsync(watchdog));
        Assert.Equal(("confirmed", confirm.Action), (confirmed.State, confirmed.Resolution));
        Assert.Equal(["Two households share a name."], confirmed.Responses);
        Assert.Equal([scenario.BudgetId], confirmed.SnappedBack);
        Assert.True((await scenario.Budget.GetAsync())!.Frozen);
        LedgerAssert.Refused(RejectionCode.FindingClosed, await watchdog.ResolveAsync(LedgerActors.Watchdog, confirm with { EntryId = scenario.NewId("resolve") }));

        // Snap-back: the political tranche takes nothing new; the humanitarian-exempt one keeps paying.
        LedgerAssert.Refused(RejectionCode.Frozen, await scenario.Program(0).DisburseAsync(LedgerActors.Agency, scenario.Payment(1, "10.00", tranche: "t1", modality: "cash")));
        LedgerAssert.Accepted(await scenario.Program(0).DisburseAsync(LedgerActors.Agency, scenario.Payment(1, "10.00", tranche: "h1", modality: "cash")));

        // Unfreezing is the owner's explicit, logged act.
        LedgerAssert.Accepted(await scenario.Budget.UnfreezeAsync(LedgerActors.Donor, new FreezeCommand(scenario.NewId("unfreeze"), "Corrective action completed.", null)));
        LedgerAssert.Accepted(await scenario.Program(0).DisburseAsync(LedgerActors.Agency, scenario.Payment(1, "10.00", tranche: "t1", modality: "cash")));
        Assert.Equal(registered.Watchdog, (await watchdog.GetAsync())!.Watchdog);
        WatchdogView after = (await watchdog.GetAsync())!;
        Assert.Equal((await watchdog.GetFindingsAsync()).Count(f => f.State is "raised" or "disputed"), after.FindingsOpen);
    }

    [Fact]
    public async Task A_dismissed_finding_or_a_class_the_terms_do_not_name_freezes_nothing()
    {
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "no-snap").WithSnapBackClasses("diversion").WithPrograms(2).WithBeneficiaries(2).BuildAsync();
        IWatchdogGrain watchdog = fixture.Client.GetGrain<IWatchdogGrain>($"wd-{scenario.Key}");
        await watchdog.RegisterAsync(LedgerActors.Watchdog, new RegisterWatchdogCommand("Watch", [], [.. scenario.ProgramIds]));
        foreach (int beneficiary in new[] { 0, 1 })
        {
            LedgerAssert.Accepted(await scenario.Program(0).DisburseAsync(LedgerActors.Agency, scenario.Payment(beneficiary, "10.00")));
            LedgerAssert.Accepted(await scenario.Program(1).DisburseAsync(LedgerActors.Agency, scenario.Payment(beneficiary, "10.00")));
        }

        string[] scanned = (await watchdog.ScanAsync()).RaisedFindings;
        string[] raised = [.. (await DuplicatesAsync(watchdog)).Select(f => f.Finding)];
        Assert.Equal(2, raised.Length);
        Assert.All(raised, id => Assert.Contains(id, scanned));
        LedgerAssert.Accepted(await watchdog.ResolveAsync(LedgerActors.Watchdog, new ResolveFindingCommand(scenario.NewId("r"), raised[0], "dismissed", "Twins.")));
        LedgerAssert.Accepted(await watchdog.ResolveAsync(LedgerActors.Watchdog, new ResolveFindingCommand(scenario.NewId("r"), raised[1], "confirmed", "Recover.")));

        FindingView[] findings = await DuplicatesAsync(watchdog);
        Assert.Equal(["dismissed", "confirmed"], findings.Select(f => f.State));
        Assert.All(findings, f => Assert.Empty(f.SnappedBack));
        Assert.False((await scenario.Budget.GetAsync())!.Frozen);
        Assert.Empty((await watchdog.ScanAsync()).RaisedFindings);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_id_by_two_keys_leave_owner_and_scope_of_one_key_and_only_its_calls_succeed()
    {
        string id = $"wd-race-{Guid.NewGuid():N}"[..20];
        (Actor Key, RegisterWatchdogCommand Command)[] contenders =
        [
            (LedgerActors.Watchdog, new RegisterWatchdogCommand("Watch One", ["budget-one"], ["program-one"])),
            (OtherWatchdog, new RegisterWatchdogCommand("Watch Two", ["budget-two"], [])),
        ];
        IReadOnlyList<IGrainFactory> ways = fixture.GrainFactories;

        (Actor Key, WatchdogRegistration Result)[] calls = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            (Actor key, RegisterWatchdogCommand command) = contenders[i % 2];
            return (key, await ways[i % ways.Count].GetGrain<IWatchdogGrain>(id).RegisterAsync(key, command));
        })));

        WatchdogView view = (await fixture.Client.GetGrain<IWatchdogGrain>(id).GetAsync())!;
        (Actor owner, RegisterWatchdogCommand scope) = contenders.Single(c => c.Key.Principal == view.Owner);
        Assert.Equal(scope.Name, view.Name);
        Assert.Equal(scope.Budgets, view.Budgets);
        Assert.Equal(scope.Programs, view.Programs);
        Assert.Single(calls, c => c.Result.Outcome == WatchdogRegistrationOutcome.Created);
        Assert.All(calls, c => Assert.Equal(c.Key == owner, c.Result.IsAccepted));
        Assert.All(calls.Where(c => c.Key != owner), c => Assert.Equal(WatchdogRegistrationOutcome.Forbidden, c.Result.Outcome));
        Assert.All(calls.Where(c => c.Result.IsAccepted), c => Assert.Equal(owner.Principal, c.Result.View!.Owner));
    }

    [Fact]
    public async Task A_watchdog_reserves_its_witness_name_and_a_name_another_key_holds_is_refused_with_nothing_changed()
    {
        IWitnessRegistryGrain registry = fixture.Client.GetGrain<IWitnessRegistryGrain>(WitnessRegistry.Key);
        string first = $"wd-name-{Guid.NewGuid():N}"[..20];
        using Transparency.Checkpoints.Cosigner ownKey = Transparency.Witnessing.WitnessKeys.OpenCosigner(Transparency.Witnessing.WitnessKeys.Generate(first).SignerKey);
        using Transparency.Checkpoints.Cosigner squatterKey = Transparency.Witnessing.WitnessKeys.OpenCosigner(Transparency.Witnessing.WitnessKeys.Generate(first).SignerKey);

        // Registered first, the watchdog's id is its owner's witness name: another key cannot take it.
        Assert.Equal(WatchdogRegistrationOutcome.Created, (await fixture.Client.GetGrain<IWatchdogGrain>(first).RegisterAsync(LedgerActors.Watchdog, new RegisterWatchdogCommand("First", [], []))).Outcome);
        WitnessRegistration squat = await registry.RegisterAsync(first, squatterKey.VerifierKey, OtherWatchdog.Principal);
        Assert.Equal(WitnessRegistrationOutcome.NameTaken, squat.Outcome);
        Assert.Null(await registry.FindAsync(first));
        Assert.Equal(WitnessRegistrationOutcome.Registered, (await registry.RegisterAsync(first, ownKey.VerifierKey, LedgerActors.Watchdog.Principal)).Outcome);
        Assert.Equal(ownKey.VerifierKey, (await registry.FindAsync(first))!.VerifierKey);

        // Squatted first, the name refuses the watchdog of another key: nothing registered, nothing reserved.
        string second = $"wd-name-{Guid.NewGuid():N}"[..20];
        using Transparency.Checkpoints.Cosigner early = Transparency.Witnessing.WitnessKeys.OpenCosigner(Transparency.Witnessing.WitnessKeys.Generate(second).SignerKey);
        Assert.Equal(WitnessRegistrationOutcome.Registered, (await registry.RegisterAsync(second, early.VerifierKey, OtherWatchdog.Principal)).Outcome);
        WatchdogRegistration refused = await fixture.Client.GetGrain<IWatchdogGrain>(second).RegisterAsync(LedgerActors.Watchdog, new RegisterWatchdogCommand("Second", [], []));
        Assert.Equal(WatchdogRegistrationOutcome.WitnessNameTaken, refused.Outcome);
        Assert.Null(refused.View);
        Assert.Null(await fixture.Client.GetGrain<IWatchdogGrain>(second).GetAsync());
        Assert.DoesNotContain(second, await fixture.Client.GetGrain<IWatchdogDirectoryGrain>(IWatchdogDirectoryGrain.Key).ListAsync());
    }

    [Fact]
    public async Task A_witness_key_a_former_version_stored_in_grain_state_is_wiped_and_its_witness_retired_on_activation()
    {
        string id = $"wd-legacy-{Guid.NewGuid():N}"[..22];
        (string signerKey, string verifierKey) = Transparency.Witnessing.WitnessKeys.Generate("witness-" + id);
        IWitnessRegistryGrain registry = fixture.Client.GetGrain<IWitnessRegistryGrain>(WitnessRegistry.Key);
        Assert.True((await registry.RegisterAsync("witness-" + id, verifierKey, LedgerActors.Watchdog.Principal)).IsAccepted);
        IWatchdogGrain watchdog = fixture.Client.GetGrain<IWatchdogGrain>(id);
        IGrainStorage storage = ((Orleans.TestingHost.InProcessSiloHandle)fixture.Cluster.Silos[0]).ServiceProvider.GetRequiredKeyedService<IGrainStorage>(Grains.GrainStorageNames.Ledger);
        var legacy = new GrainState<WatchdogRegistrationState>(new WatchdogRegistrationState
        {
            Name = "Legacy Watch",
            Owner = LedgerActors.Watchdog.Principal,
            WitnessSignerKey = signerKey,
            WitnessVerifierKey = verifierKey,
        });
        await storage.WriteStateAsync("watchdog", watchdog.GetGrainId(), legacy);

        WatchdogView view = (await watchdog.GetAsync())!;

        Assert.Equal(LedgerActors.Watchdog.Principal, view.Owner);
        var stored = new GrainState<WatchdogRegistrationState>(new WatchdogRegistrationState());
        await storage.ReadStateAsync("watchdog", watchdog.GetGrainId(), stored);
        Assert.Equal(("Legacy Watch", string.Empty, string.Empty), (stored.State!.Name, stored.State.WitnessSignerKey, stored.State.WitnessVerifierKey));
        Assert.Null(await registry.FindAsync("witness-" + id));
        Assert.DoesNotContain("PRIVATE+KEY", await File.ReadAllTextAsync(fixture.Directory.DatabasePath, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // Its witness name is reserved for its owner now, as for a watchdog registered today.
        Assert.Equal(WitnessRegistrationOutcome.NameTaken, (await registry.RegisterAsync(id, verifierKey, OtherWatchdog.Principal)).Outcome);

        // The public log names the retired key, once, so that auditors stop counting its cosignatures.
        string entryId = EntryIds.WitnessRetired("witness-" + id, verifierKey);
        ulong leaf = await LeafOfAsync(entryId);
        LogTreeHead head = await fixture.AuditLog.GetTreeHeadAsync();
        var retired = Assert.IsType<WitnessRetired>(LedgerEntryParser.Parse((await fixture.LogFiles.ReadAsync([leaf], head.TreeSize, TestContext.Current.CancellationToken))[0]));
        Assert.Equal(("witness-" + id, verifierKey, id, WitnessRetired.ServerGeneratedReason), (retired.Witness, retired.VerifierKey, retired.Watchdog, retired.Reason));
        Assert.DoesNotContain("PRIVATE", retired.VerifierKey, StringComparison.Ordinal);
        Assert.Contains(leaf, await fixture.AuditLog.GetSubjectEntriesAsync(LogSubjects.OfKind(WitnessRetired.KindName), 0));

        // A state write lost after the entry (the legacy key stored again) logs nothing more on the next activation.
        await storage.WriteStateAsync("watchdog", watchdog.GetGrainId(), new GrainState<WatchdogRegistrationState>(new WatchdogRegistrationState
        {
            Name = "Legacy Watch",
            Owner = LedgerActors.Watchdog.Principal,
            WitnessSignerKey = signerKey,
            WitnessVerifierKey = verifierKey,
        }) { ETag = stored.ETag });
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);
        Assert.Equal(LedgerActors.Watchdog.Principal, (await watchdog.GetAsync())!.Owner);
        var again = new GrainState<WatchdogRegistrationState>(new WatchdogRegistrationState());
        await storage.ReadStateAsync("watchdog", watchdog.GetGrainId(), again);
        Assert.Equal(string.Empty, again.State!.WitnessVerifierKey); // activated again, and wiped again
        ulong[] retirements = await fixture.AuditLog.GetSubjectEntriesAsync(LogSubjects.OfKind(WitnessRetired.KindName), 0);
        Assert.Single(retirements, l => l == leaf);
        Assert.Equal(leaf, await LeafOfAsync(entryId));
    }

    [Fact]
    public async Task An_unregistered_watchdog_is_null_and_scans_nothing()
    {
        IWatchdogGrain watchdog = fixture.Client.GetGrain<IWatchdogGrain>($"wd-never-{Guid.NewGuid():N}");
        Assert.Null(await watchdog.GetAsync());
        Assert.Empty((await watchdog.ScanAsync()).RaisedFindings);
    }

    private static async Task<FindingView[]> DuplicatesAsync(IWatchdogGrain watchdog) =>
        [.. (await watchdog.GetFindingsAsync()).Where(f => f.Class == WatchdogRuleClass.DuplicateBeneficiary)];

    private async Task<ulong> LeafOfAsync(string entryId) => await fixture.AuditLog.FindAsync(entryId) ?? throw new InvalidOperationException($"{entryId} is not in the log");
}
