using System.Text;
using OversightLedger.Reporting.Csv;
using OversightLedger.Reporting.Json;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Rendering;
using OversightLedger.Reporting.Tests.Rendering;
using OversightLedger.Reporting.Tests.TestSupport;
using static OversightLedger.Reporting.Tests.TestSupport.ScenarioLedger;

namespace OversightLedger.Reporting.Tests.Building;

/// <summary>
/// Issue 15: a quarter with partial reversals (which add up to at most what was paid) and delivery confirmations shows
/// paid, reversed and delivered side by side in the report's model, its JSON (read back the same), its CSV and its HTML.
/// </summary>
public sealed class ReversalAndDeliveryReportTests : IDisposable
{
    private static readonly ReportQuarter Q4 = new(2026, 4);
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Partial_reversals_and_deliveries_are_counted_where_payments_are_and_an_over_reversal_is_not()
    {
        var ledger = new ScenarioLedger();
        DateTimeOffset q3 = Utc(2026, 8, 1), oct = Utc(2026, 10, 5), nov = Utc(2026, 11, 5);
        ledger.OpenBudget("b-eur", "EUR", "SY", "72010", 1_000_00, q3);
        ledger.Receive("b-eur", 1_000_00, q3);
        ledger.AddTranche("b-eur", "t1", 1_000_00, true, q3);
        ledger.Release("b-eur", "t1", 1_000_00, q3);
        ledger.OpenProgram("p-cash", "EUR", q3);
        ledger.List("b-eur", "p-cash", q3);
        ledger.Enrol("p-cash", "household-1", q3);
        ledger.Enrol("p-cash", "household-2", q3);
        ledger.Disburse("d-1", "p-cash", "b-eur", "t1", "household-1", 100_00, "72010", oct);
        ledger.Disburse("d-2", "p-cash", "b-eur", "t1", "household-2", 60_00, "72010", oct);
        ledger.Reverse("d-1", "p-cash", "b-eur", "t1", 30_00, nov, "failed");
        ledger.Reverse("d-1", "p-cash", "b-eur", "t1", 70_00, nov, "returned");
        ulong over = ledger.Reverse("d-1", "p-cash", "b-eur", "t1", 1, nov, "recovered");
        ledger.Deliver("d-2", "p-cash", "b-eur", 60_00, nov);
        ledger.Reverse("d-2", "p-cash", "b-eur", "t1", 10_00, nov, "returned");
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        UncountedEntry uncounted = Assert.Single(report.Uncounted);
        Assert.Equal(over, uncounted.Leaf);
        BudgetReport budget = Assert.Single(report.Budgets);
        Assert.Equal(("160.00", "110.00", "50.00", 3L), (budget.InQuarter.Disbursed.ToDecimalString(), budget.InQuarter.Reversed.ToDecimalString(), budget.InQuarter.NetDisbursed.ToDecimalString(), budget.InQuarter.ReversalCount));
        Assert.Equal(("60.00", 1L), (budget.InQuarter.Delivered.ToDecimalString(), budget.InQuarter.DeliveryCount));
        Assert.Equal(("60.00", "950.00"), (budget.AtQuarterEnd.Delivered.ToDecimalString(), budget.AtQuarterEnd.Available.ToDecimalString()));
        ProgramReport program = Assert.Single(report.Programs);
        Assert.Equal(("110.00", "60.00"), (program.InQuarter.Reversed.ToDecimalString(), program.InQuarter.Delivered.ToDecimalString()));
        Assert.Equal("60.00", Assert.Single(report.Sectors).InQuarter.Delivered.ToDecimalString());
        Assert.Equal(["0.00", "60.00", "0.00"], report.Months.Select(m => m.InQuarter.Delivered.ToDecimalString()));

        byte[] json = ReportJsonWriter.ToUtf8Bytes(report);
        Assert.Equal(json, ReportJsonWriter.ToUtf8Bytes(ReportJsonReader.Read(json)));
        Assert.Matches("\"delivered\": ?\"60.00\",\\s*\"deliveries\": ?1", Encoding.UTF8.GetString(json));
        string csv = Encoding.UTF8.GetString(ReportCsvWriter.ToUtf8Bytes(report));
        Assert.Contains("delivered,60.00", csv, StringComparison.Ordinal);
        string html = Encoding.UTF8.GetString(ReportHtmlWriter.Write(report, new ReportHtmlOptions { PublicBaseUrl = "https://ledger.example.org", LogVerifierKey = log.VerifierKey, ReportingOrgName = "Test" }));
        Assert.Contains(">Delivered<", html, StringComparison.Ordinal);

        // IATI stays valid: the two partial reversals are corrections (type 3, negative), a delivery is no IATI transaction.
        byte[] iati = IatiActivityWriter.Write(report, new IatiWriterOptions
        {
            ReportingOrgRef = "XM-DAC-41114", ReportingOrgName = "Test", ReportingOrgType = "21", Codelists = IatiCodelists.Load(SharedIatiKit.Codelists),
        });
        Assert.Empty(IatiSchemaValidator.Validate(iati, withExtension: true));
        ReportTransaction reversals = Assert.Single(report.Transactions, t => t.Kind == ReportTransactionKind.Reversals);
        Assert.Equal(("-110.00", 3L), (reversals.Value.ToDecimalString(), reversals.EntryCount));
    }
}
