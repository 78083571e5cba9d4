using System.Text;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
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
/// Issue 15 item 4: a quarter's report counts, per budget, the payment lists submitted and vetted, the rows approved and
/// refused, and the lists expired — in its model, JSON (read back the same), CSV and HTML — and only for a budget that
/// had any; a budget without them reads and writes as before.
/// </summary>
public sealed class PaymentListVettingReportTests : IDisposable
{
    private static readonly ReportQuarter Q4 = new(2026, 4);
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Vetted_lists_are_counted_per_budget_only_where_there_were_any()
    {
        var ledger = new ScenarioLedger();
        DateTimeOffset q3 = Utc(2026, 8, 1), oct = Utc(2026, 10, 5), nov = Utc(2026, 11, 5);
        Money ten = new(Currency.Parse("EUR"), 10_00);
        foreach (string budget in (string[])["b-vetted", "b-plain"])
        {
            ledger.OpenBudget(budget, "EUR", "SY", "72010", 1_000_00, q3);
            ledger.Receive(budget, 1_000_00, q3);
            ledger.AddTranche(budget, "t1", 1_000_00, true, q3);
            ledger.Release(budget, "t1", 1_000_00, q3);
        }

        ledger.OpenProgram("p-cash", "EUR", q3);
        ledger.List("b-vetted", "p-cash", q3);
        ledger.History.Add(new VettingRequired("vetting-required/b-vetted", q3, "b-vetted", new Money(ten.Currency, 0), 7));
        ledger.History.Add(new VetterRegistered("vetter-registered/b-vetted/cs", q3, "b-vetted", "cs"));
        // One list submitted before the quarter and vetted in it; one submitted in it and expired.
        ledger.History.Add(new PaymentListSubmitted("payment-list-submitted/p-cash/l-1", q3, "b-vetted", "p-cash", "agency-wfp", "l-1", new string('a', 64), 3, ten, q3.AddDays(7)));
        ledger.History.Add(new PaymentListSubmitted("payment-list-submitted/p-cash/l-2", oct, "b-vetted", "p-cash", "agency-wfp", "l-2", new string('b', 64), 2, ten, oct.AddDays(7)));
        ledger.History.Add(new PaymentListVetted(
            "payment-list-vetted/p-cash/l-1", oct, "b-vetted", "p-cash", "l-1", "cs", ["r-1", "r-2"], new Dictionary<string, string> { ["r-3"] = RowRefusalReasons.SanctionsConcern }));
        ledger.History.Add(new PaymentListExpired("payment-list-expired/p-cash/l-2", nov, "b-vetted", "p-cash", "l-2"));
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        Assert.Empty(report.Uncounted);
        Assert.Equal(new PaymentListVettingCounts(1, 1, 2, 1, 1), Assert.Single(report.Budgets, b => b.Budget == "b-vetted").Vetting);
        Assert.Null(Assert.Single(report.Budgets, b => b.Budget == "b-plain").Vetting);
        byte[] json = ReportJsonWriter.ToUtf8Bytes(report);
        QuarterlyReport readBack = ReportJsonReader.Read(json);
        Assert.Equal(json, ReportJsonWriter.ToUtf8Bytes(readBack));
        Assert.Empty(ReportFigures.Compare(report, readBack));
        string text = Encoding.UTF8.GetString(json);
        Assert.Equal(1, text.Split("\"vetting\"").Length - 1);
        string csv = Encoding.UTF8.GetString(ReportCsvWriter.ToUtf8Bytes(report));
        Assert.Contains("budget,b-vetted,,,,EUR,vetting.rowsRefused,1", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("b-plain,,,,EUR,vetting.", csv, StringComparison.Ordinal);
        string html = Encoding.UTF8.GetString(ReportHtmlWriter.Write(report, new ReportHtmlOptions { PublicBaseUrl = "https://ledger.example.org", LogVerifierKey = log.VerifierKey, ReportingOrgName = "Test" }));
        Assert.Contains("vetting-table", html, StringComparison.Ordinal);
    }
}
