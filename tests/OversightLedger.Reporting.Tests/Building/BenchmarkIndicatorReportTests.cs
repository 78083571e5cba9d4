using System.Security.Cryptography;
using System.Text;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Replay;
using OversightLedger.Reporting.Csv;
using OversightLedger.Reporting.Figures;
using OversightLedger.Reporting.Json;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Rendering;
using OversightLedger.Reporting.Tests.Rendering;
using OversightLedger.Reporting.Tests.TestSupport;
using static OversightLedger.Reporting.Tests.TestSupport.ScenarioLedger;

namespace OversightLedger.Reporting.Tests.Building;

/// <summary>
/// Issue 15 item 1 in the report: a defined benchmark takes verifications from several registered verifiers (all
/// counted, the latest shown); one by a verifier not registered with the budget is uncounted, exactly as replay judges it.
/// </summary>
public sealed class BenchmarkIndicatorReportTests : IDisposable
{
    private static readonly ReportQuarter Q4 = new(2026, 4);
    private static readonly string Evidence = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("evidence")));
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Verifications_of_a_defined_benchmark_by_registered_verifiers_count_and_an_unregistered_ones_does_not()
    {
        var ledger = new ScenarioLedger();
        DateTimeOffset oct = Utc(2026, 10, 5), nov = Utc(2026, 11, 5);
        DateOnly day = DateOnly.FromDateTime(nov.UtcDateTime);
        ledger.OpenBudget("b-eur", "EUR", "SY", "72010", 1_000_00, oct);
        ledger.Receive("b-eur", 1_000_00, oct);
        ledger.AddTranche("b-eur", "t1", 1_000_00, false, oct, "detainees");
        ledger.History.Add(new BenchmarkDefined(
            "def-1", oct, "b-eur", "t1", "detainees", "share of listed detainees released", "percent", 10m, 80m, TargetDirection.AtLeast, day, 2, 2));
        ledger.History.Add(new VerifierRegistered("reg-1", oct, "b-eur", "auditor", "domestic"));
        ledger.History.Add(new VerifierRegistered("reg-2", oct, "b-eur", "panel", "international"));
        ledger.History.Add(new BenchmarkVerified("v-1", nov, "b-eur", "t1", "detainees", "auditor", Evidence, day, 85m));
        ulong stranger = ledger.History.Add(new BenchmarkVerified("v-2", nov, "b-eur", "t1", "detainees", "stranger", Evidence, day, 90m));
        ulong latest = ledger.History.Add(new BenchmarkVerified("v-3", nov, "b-eur", "t1", "detainees", "panel", Evidence, day, 81m));
        ledger.Release("b-eur", "t1", 1_000_00, nov, "detainees");
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        Assert.Equal([stranger], report.Uncounted.Select(u => u.Leaf));
        TrancheReport tranche = Assert.Single(Assert.Single(report.Budgets).Tranches);
        Assert.Equal(TrancheStatus.Released, tranche.Status);
        Assert.Equal((latest, "panel"), (Assert.Single(tranche.Verifications).Leaf, tranche.Verifications[0].Verifier));
        LedgerReplay replay = new LedgerReplay().ApplyAll(ledger.History.Leaves.Select((leaf, i) => ((ulong)i, leaf)));
        Assert.Equal([(stranger, "verifier-not-registered")], replay.Violations.Select(v => (v.LeafIndex, v.Code)));

        BenchmarkIndicatorReport indicator = Assert.Single(tranche.Indicators);
        Assert.Equal(("share of listed detainees released", "percent", 10m, 80m, "at-least", "met"), (indicator.Indicator, indicator.Unit, indicator.Baseline, indicator.Target, indicator.Direction, indicator.Status));
        Assert.Equal([("auditor", "domestic", 85m), ("panel", "international", 81m)], indicator.Values.Select(v => (v.Verifier, v.Group, v.Value)));
        byte[] json = ReportJsonWriter.ToUtf8Bytes(report);
        Assert.Equal(json, ReportJsonWriter.ToUtf8Bytes(ReportJsonReader.Read(json)));
        Assert.Contains(ReportFigures.Flatten(report), f => f.Path.EndsWith("tranche[t1].indicator[detainees].status", StringComparison.Ordinal) && f.Value == "met");
        Assert.Contains(ReportFigures.Flatten(report), f => f.Path.EndsWith("indicator[detainees].value[panel].value", StringComparison.Ordinal) && f.Value == "81");
        string csv = Encoding.UTF8.GetString(ReportCsvWriter.ToUtf8Bytes(report));
        Assert.Contains("indicator[detainees].status,met", csv, StringComparison.Ordinal);
        string html = Encoding.UTF8.GetString(ReportHtmlWriter.Write(report, new ReportHtmlOptions { PublicBaseUrl = "https://ledger.example.org", LogVerifierKey = log.VerifierKey, ReportingOrgName = "Test" }));
        Assert.Contains("share of listed detainees released", html, StringComparison.Ordinal);
        Assert.Contains("81 (panel, international)", html, StringComparison.Ordinal);

        // IATI: one outcome result with the indicator, its baseline, the quarter's target and each counted value; valid 2.03.
        byte[] iati = IatiActivityWriter.Write(report, new IatiWriterOptions
        {
            ReportingOrgRef = "XM-DAC-41114", ReportingOrgName = "Test", ReportingOrgType = "21", Codelists = IatiCodelists.Load(SharedIatiKit.Codelists),
        });
        Assert.Empty(IatiSchemaValidator.Validate(iati, withExtension: true));
        System.Xml.Linq.XElement result = Assert.Single(System.Xml.Linq.XDocument.Parse(Encoding.UTF8.GetString(iati)).Descendants("result"));
        System.Xml.Linq.XElement period = result.Element("indicator")!.Element("period")!;
        Assert.Equal(("2", "2", "1"), (result.Attribute("type")!.Value, result.Element("indicator")!.Attribute("measure")!.Value, result.Element("indicator")!.Attribute("ascending")!.Value));
        Assert.Equal(("10", "80"), (result.Element("indicator")!.Element("baseline")!.Attribute("value")!.Value, period.Element("target")!.Attribute("value")!.Value));
        Assert.Equal(["85", "81"], period.Elements("actual").Select(a => a.Attribute("value")!.Value));
    }

    [Fact]
    public async Task A_contested_benchmark_shows_contested_and_after_the_owners_decision_its_outcome_and_who_decided()
    {
        var ledger = new ScenarioLedger();
        DateTimeOffset oct = Utc(2026, 10, 5), nov = Utc(2026, 11, 5), dec = Utc(2026, 12, 5);
        DateOnly day = DateOnly.FromDateTime(oct.UtcDateTime);
        ledger.OpenBudget("b-eur", "EUR", "SY", "72010", 1_000_00, oct);
        ledger.AddTranche("b-eur", "t1", 1_000_00, false, oct, "days");
        ledger.History.Add(new BenchmarkDefined("def-1", oct, "b-eur", "t1", "days", "days to grant access", "days", 45m, 10m, TargetDirection.AtMost, day, 2, 1));
        ledger.History.Add(new VerifierRegistered("reg-1", oct, "b-eur", "auditor", "domestic"));
        ledger.History.Add(new VerifierRegistered("reg-2", oct, "b-eur", "panel", "domestic"));
        ledger.History.Add(new BenchmarkVerified("v-1", oct, "b-eur", "t1", "days", "auditor", Evidence, day, 7m));
        ledger.History.Add(new BenchmarkVerified("v-2", oct, "b-eur", "t1", "days", "panel", Evidence, day, 30m));
        ulong notOwners = ledger.History.Add(new BenchmarkDecided("d-0", nov, "b-eur", "t1", "days", true, "says who", "panel"));
        ledger.History.Add(new BenchmarkDecided("d-1", dec, "b-eur", "t1", "days", false, "the auditor measured one border crossing only", Donor));
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        Assert.Equal([notOwners], report.Uncounted.Select(u => u.Leaf));
        BenchmarkIndicatorReport indicator = Assert.Single(Assert.Single(Assert.Single(report.Budgets).Tranches).Indicators);
        Assert.Equal(("not-met", Donor), (indicator.Status, indicator.DecidedBy));
        Assert.Equal(TrancheStatus.AwaitingBenchmarks, Assert.Single(Assert.Single(report.Budgets).Tranches).Status);
        LedgerReplay replay = new LedgerReplay().ApplyAll(ledger.History.Leaves.Select((leaf, i) => ((ulong)i, leaf)));
        Assert.Equal([notOwners], replay.Violations.Select(v => v.LeafIndex));
        Assert.Equal(
            Domain.Budgets.BenchmarkStatus.NotMet, replay.Budgets["b-eur"].FindTranche("t1")!.BenchmarkStates["days"].Status);
    }
}
