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
            scenario.NewId("exemption"), "e1", [LedgerScenario.Purpose], ["cash"], "500.00", DateTimeOffset.UtcNow.AddDays(90))));
        IWatchdogGrain watchdog = fixture.Client.GetGrain<IWatchdogGrain>($"wd-{scenario.Key}");
        WatchdogView registered = await watchdog.RegisterAsync(LedgerActors.Watchdog, new RegisterWatchdogCommand("Sudan Budget Watch", [scenario.BudgetId], []));
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

        // Its witness cosigned the checkpoint it read up to, and the log holds that cosignature.
        Assert.Null(scan.WitnessFailure);
        WatchdogView scanned = (await watchdog.GetAsync())!;
        Assert.Equal(scan.CosignedSize, scanned.WitnessedSize);
        Assert.Equal(scanned.WitnessVerifierKey, (await fixture.Client.GetGrain<IWitnessRegistryGrain>(WitnessRegistry.Key).FindAsync("witness-" + scanned.Watchdog))!.VerifierKey);
        await AssertCosignedAsync(scanned);
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
    public async Task An_unregistered_watchdog_is_null_and_scans_nothing()
    {
        IWatchdogGrain watchdog = fixture.Client.GetGrain<IWatchdogGrain>($"wd-never-{Guid.NewGuid():N}");
        Assert.Null(await watchdog.GetAsync());
        Assert.Empty((await watchdog.ScanAsync()).RaisedFindings);
    }

    /// <summary>The latest cosigned checkpoint in the log's cosignature store carries a line of this watchdog's witness that verifies.</summary>
    private async Task AssertCosignedAsync(WatchdogView watchdog)
    {
        using var store = new CosignatureStore(
            new ServerOptions { Data = fixture.Directory.Root },
            new AuditLogStore(new FileSystemLogStorage(fixture.Directory.LogDirectory), new NoteSigner(fixture.Directory.SignerKey), LedgerClusterDirectory.Origin),
            fixture.Client);
        CosignedCheckpoint latest = Assert.IsType<CosignedCheckpoint>(await store.LatestCosignedAsync(TestContext.Current.CancellationToken));
        var verifier = new CosignatureVerifier(watchdog.WitnessVerifierKey);
        NoteSignature line = Assert.Single(latest.Cosignatures, c => c.Name == verifier.Name && c.KeyHash == verifier.KeyHash);
        Assert.True(verifier.Verify(latest.Checkpoint, line) > 0);
        Assert.True(latest.Checkpoint.Size >= watchdog.WitnessedSize);
    }

    private static async Task<FindingView[]> DuplicatesAsync(IWatchdogGrain watchdog) =>
        [.. (await watchdog.GetFindingsAsync()).Where(f => f.Class == WatchdogRuleClass.DuplicateBeneficiary)];

    private async Task<ulong> LeafOfAsync(string entryId) => await fixture.AuditLog.FindAsync(entryId) ?? throw new InvalidOperationException($"{entryId} is not in the log");
}
