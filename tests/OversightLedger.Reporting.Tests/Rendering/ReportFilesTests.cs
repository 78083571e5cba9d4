using OversightLedger.Reporting.Csv;
using OversightLedger.Reporting.Json;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Rendering;
using OversightLedger.Reporting.Tests.TestSupport;
using static OversightLedger.Reporting.Tests.TestSupport.ScenarioLedger;

namespace OversightLedger.Reporting.Tests.Rendering;

/// <summary>The one way a report's files are rendered, for the publisher and the quarter-to-date page alike.</summary>
public sealed class ReportFilesTests : IDisposable
{
    private static readonly ReportQuarter Q4 = new(2026, 4);
    private static readonly ReportHtmlOptions Html = new() { PublicBaseUrl = "https://ledger.example.org/", LogVerifierKey = "k+01234567+AQ", ReportingOrgName = "Test" };
    private static readonly IatiWriterOptions Iati = new() { ReportingOrgRef = "XM-TEST", ReportingOrgName = "Test", GeneratedAt = Utc(2027, 1, 1) };
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_files_are_what_each_writer_writes_and_are_served_by_extension()
    {
        var ledger = new ScenarioLedger();
        ledger.OpenBudget("b-eur", "EUR", "SY", "72010", 1_000_00, Utc(2026, 10, 1));
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));
        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        ReportFiles files = ReportFiles.Render(report, Html, Iati);

        Assert.Equal(ReportHtmlWriter.Write(report, Html), files.Html);
        Assert.Equal(ReportJsonWriter.ToUtf8Bytes(report), files.Json);
        Assert.Equal(ReportCsvWriter.ToUtf8Bytes(report), files.Csv);
        Assert.Equal(IatiActivityWriter.Write(report, Iati), files.Xml);
        Assert.Equal([files.Html, files.Json, files.Csv, files.Xml], ReportFiles.Extensions.Select(files.Get));
        Assert.Null(files.Get("pdf"));
        Assert.Null(files.Get("HTML"));
    }

    [Fact]
    public async Task A_report_without_a_budget_has_no_IATI_file()
    {
        WrittenLog log = await new ScenarioLedger().History.WriteAsync(_temp.File("log"));
        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        ReportFiles files = ReportFiles.Render(report, Html, Iati);

        Assert.Null(files.Xml);
        Assert.Null(files.Get("xml"));
        Assert.NotEmpty(files.Html);
    }
}
