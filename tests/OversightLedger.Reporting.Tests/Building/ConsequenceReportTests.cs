using System.Text;
using OversightLedger.Domain.Entries;
using OversightLedger.Reporting.Csv;
using OversightLedger.Reporting.Figures;
using OversightLedger.Reporting.Json;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Rendering;
using OversightLedger.Reporting.Tests.TestSupport;
using static OversightLedger.Reporting.Tests.TestSupport.ScenarioLedger;

namespace OversightLedger.Reporting.Tests.Building;

/// <summary>
/// Issue 15 items 3 and 6 in the report: consequence-ladder steps applied and lifted within the quarter, per budget, in
/// the JSON (read back strictly), the figures and CSV, and the HTML; a report without any keeps its sections as before.
/// </summary>
public sealed class ConsequenceReportTests : IDisposable
{
    private static readonly ReportQuarter Q4 = new(2026, 4);
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Steps_applied_and_lifted_in_the_quarter_are_reported_per_budget_and_earlier_ones_are_not()
    {
        var ledger = new ScenarioLedger();
        DateTimeOffset sep = Utc(2026, 9, 5), oct = Utc(2026, 10, 5), nov = Utc(2026, 11, 5);
        ledger.OpenBudget("b-eur", "EUR", "SY", "72010", 1_000_00, sep);
        ledger.AddTranche("b-eur", "t1", 500_00, false, sep, "b1");
        ledger.AddTranche("b-eur", "t2", 500_00, false, sep, "b2");
        ledger.History.Add(new ConsequenceApplied("applied-1", sep, "b-eur", 1, ConsequenceAction.PauseNextTranche, ["t1"], "review-closed/b-eur/t1/b1/1"));
        ulong freeze = ledger.History.Add(new ConsequenceApplied("applied-2", oct, "b-eur", 2, ConsequenceAction.FreezeUnreleased, ["t1", "t2"], "review-closed/b-eur/t1/b1/2"));
        ulong lift = ledger.History.Add(new ConsequenceLifted("lifted-1", nov, "b-eur", 1, "review 3 passed", "review-closed/b-eur/t1/b1/3", "donor-1"));
        ulong orphan = ledger.History.Add(new ConsequenceLifted("lifted-9", nov, "b-eur", 9, "never applied", "review-closed/b-eur/t1/b1/3", "donor-1"));
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        Assert.Equal(
            [(freeze, ConsequenceEvent.Applied, 2, "freeze-unreleased", "t1,t2", (string?)null), (lift, ConsequenceEvent.Lifted, 1, "pause-next-tranche", "t1", "review 3 passed")],
            report.Consequences!.Select(c => (c.Leaf, c.Event, c.Step, c.Action, string.Join(',', c.Tranches), c.Reason)));
        Assert.Equal([orphan], report.Uncounted.Select(u => u.Leaf));

        byte[] json = ReportJsonWriter.ToUtf8Bytes(report);
        Assert.Contains("\"consequences\":", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Equal(json, ReportJsonWriter.ToUtf8Bytes(ReportJsonReader.Read(json)));
        Assert.Contains(ReportFigures.Flatten(report), f => f.Path.EndsWith($"event[{freeze}].action", StringComparison.Ordinal) && f.Value == "freeze-unreleased");
        string csv = Encoding.UTF8.GetString(ReportCsvWriter.ToUtf8Bytes(report));
        Assert.Contains("review 3 passed", csv, StringComparison.Ordinal);
        string html = Encoding.UTF8.GetString(ReportHtmlWriter.Write(report, new ReportHtmlOptions { PublicBaseUrl = "https://ledger.example.org", LogVerifierKey = log.VerifierKey, ReportingOrgName = "Test" }));
        Assert.Contains("id=\"consequences-table\"", html, StringComparison.Ordinal);
        Assert.Contains("review-closed/b-eur/t1/b1/2", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quarter_without_consequences_writes_no_consequence_section()
    {
        var ledger = new ScenarioLedger();
        DateTimeOffset oct = Utc(2026, 10, 5);
        ledger.OpenBudget("b-eur", "EUR", "SY", "72010", 1_000_00, oct);
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        Assert.Empty(report.Consequences!);
        byte[] json = ReportJsonWriter.ToUtf8Bytes(report);
        Assert.DoesNotContain("consequences", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Null(ReportJsonReader.Read(json).Consequences);
        string html = Encoding.UTF8.GetString(ReportHtmlWriter.Write(report, new ReportHtmlOptions { PublicBaseUrl = "https://ledger.example.org", LogVerifierKey = log.VerifierKey, ReportingOrgName = "Test" }));
        Assert.DoesNotContain("consequences-table", html, StringComparison.Ordinal);
    }
}
