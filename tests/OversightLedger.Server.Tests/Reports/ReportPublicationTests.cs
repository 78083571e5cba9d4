using System.Security.Cryptography;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Reports;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OversightLedger.Grains.Watchdogs;
using OversightLedger.Grains.Witnesses;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Witnessing;
using OversightLedger.Reporting.Json;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Replay;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Storage.Posix;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Server.Tests.Reports;

/// <summary>
/// The quarterly report published by the grains the Hangfire job calls: not before the quarter ends, then exactly once
/// however often and from however many silos it is triggered, with files whose hashes are in the log and whose figures
/// an auditor's replay recomputes.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(ReportClusterCollection.Name)]
public sealed class ReportPublicationTests(ReportClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_quarter_is_published_once_after_it_ends_even_when_two_silos_trigger_it_twice()
    {
        TestClock.Instance.SetUtcNow(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        LedgerScenario scenario = await new LedgerScenarioBuilder(fixture.Client, "report").WithPrograms(2).WithBeneficiaries(3).BuildAsync();
        decimal paid = 0m;
        foreach ((int program, int beneficiary, string amount) in new[] { (0, 0, "20.00"), (0, 1, "35.50"), (1, 2, "12.25") })
        {
            LedgerAssert.Accepted(await scenario.Program(program).DisburseAsync(LedgerActors.Agency, scenario.Payment(beneficiary, amount)));
            paid += decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        }

        // A watchdog oversees the budget; under its reserved witness name its owner registers a key it made itself.
        string watchdogId = $"wd-{scenario.Key}";
        IWatchdogGrain watchdog = fixture.Client.GetGrain<IWatchdogGrain>(watchdogId);
        Assert.True((await watchdog.RegisterAsync(LedgerActors.Watchdog, new RegisterWatchdogCommand("Report Watch", [scenario.BudgetId], []))).IsAccepted);
        using Cosigner witness = WitnessKeys.OpenCosigner(WitnessKeys.Generate(watchdogId).SignerKey);
        Assert.True((await fixture.Client.GetGrain<IWitnessRegistryGrain>(WitnessRegistry.Key).RegisterAsync(watchdogId, witness.VerifierKey, LedgerActors.Watchdog.Principal)).IsAccepted);

        // Before the quarter ends there is nothing to publish.
        IReportCatalogGrain catalog = fixture.Client.GetGrain<IReportCatalogGrain>(IReportCatalogGrain.Key);
        Assert.Null(await fixture.Client.GetGrain<IReportPublisherGrain>("2026-Q4").PublishAsync());
        Assert.Empty(await catalog.PublishEndedQuartersAsync());

        TestClock.Instance.SetUtcNow(new DateTimeOffset(2027, 1, 1, 0, 0, 5, TimeSpan.Zero));

        // The witness cosigns the log's checkpoint once the watchdog has raised what it would (so the log stays put).
        await watchdog.ScanAsync();
        LogTreeHead head = await fixture.AuditLog.GetTreeHeadAsync();
        ICosignatureStore cosignatures = ((InProcessSiloHandle)fixture.Cluster.Silos[0]).ServiceProvider.GetRequiredService<ICosignatureStore>();
        await cosignatures.AddAsync(new CheckpointWitness(new NoteVerifier(fixture.Directory.VerifierKey), witness, TimeProvider.System)
            .Cosign(state: null, head.Checkpoint, []).Cosigned.Format(), Ct);
        ulong sizeBefore = (await fixture.AuditLog.GetTreeHeadAsync()).TreeSize;
        ReportPublication[][] runs = await Task.WhenAll(fixture.SiloGrainFactories.SelectMany(grains => new[]
        {
            grains.GetGrain<IReportCatalogGrain>(IReportCatalogGrain.Key).PublishEndedQuartersAsync(),
            grains.GetGrain<IReportCatalogGrain>(IReportCatalogGrain.Key).PublishEndedQuartersAsync(),
        }));

        ReportPublication[] all = [.. runs.SelectMany(run => run)];
        Assert.Equal(runs.Length, all.Length);
        Assert.All(all, p => Assert.Equal("2026-Q4", p.Quarter));
        Assert.Single(all.Select(p => p.LeafIndex).Distinct());
        Assert.Single(all, p => p.PublishedNow);
        Assert.Single(await fixture.AuditLog.GetSubjectEntriesAsync(LogSubjects.OfKind(ReportPublished.KindName), 0));
        Assert.Equal(sizeBefore + 1, (await fixture.AuditLog.GetTreeHeadAsync()).TreeSize);

        // The entry names the files by hash; the store holds exactly those bytes.
        ReportPublication publication = all[0];
        Assert.Equal(sizeBefore, publication.LeafIndex);
        Assert.Equal(sizeBefore, publication.CheckpointSize);
        var store = new FileSystemReportStore(fixture.Directory.ReportDirectory);
        var files = new Dictionary<string, byte[]>();
        foreach (ReportFile file in publication.Files)
        {
            byte[] content = Assert.IsType<byte[]>(await store.GetAsync(file.Sha256, Ct));
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(content)));
            files[Path.GetExtension(file.Name)] = content;
        }

        Assert.Equal([".csv", ".html", ".json", ".xml"], files.Keys.Order(StringComparer.Ordinal));

        // The JSON's figures are the log's: what we paid, and the auditor's replay of the cited checkpoint agrees.
        QuarterlyReport report = ReportJsonReader.Read(files[".json"]);
        Assert.Equal(publication.CheckpointSize, report.Checkpoint.Size);
        Assert.Contains($"\u2014 {watchdogId} ", report.Checkpoint.SignedNote, StringComparison.Ordinal);
        BudgetReport budget = Assert.Single(report.Budgets, b => b.Budget == scenario.BudgetId);
        Assert.Equal(paid.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), budget.InQuarter.Disbursed.ToDecimalString());
        Assert.Equal(3, budget.InQuarter.DisbursementCount);
        ReportReplayResult replay = await ReportReplay.ReplayAsync(
            new FileSystemLogStorage(fixture.Directory.LogDirectory), report.Quarter, report.Checkpoint, cancellationToken: Ct);
        Assert.Empty(Reporting.Figures.ReportFigures.Compare(report, replay.Recomputed));

        // Asked again later (a restart, the next quarter's run), the quarter is not published twice.
        TestClock.Instance.SetUtcNow(new DateTimeOffset(2027, 1, 2, 0, 0, 0, TimeSpan.Zero));
        ReportPublication again = Assert.Single(await catalog.PublishEndedQuartersAsync());
        Assert.False(again.PublishedNow);
        Assert.Equal(publication.LeafIndex, again.LeafIndex);
        Assert.Equal(publication.LeafIndex, Assert.Single(await catalog.ListAsync()).LeafIndex);
    }
}
