using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Domain.Programs;
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
/// Issue 16: the report lists the general licences recorded by the end of the quarter with what was paid under each in
/// the quarter (JSON, figures and CSV, HTML); a log without licences gives a report without a licences section.
/// </summary>
public sealed class ReportLicenceTests : IDisposable
{
    private static readonly ReportQuarter Q4 = new(2026, 4);
    private static readonly ReportHtmlOptions Html = new() { PublicBaseUrl = "https://ledger.example.org/", LogVerifierKey = "k+01234567+AQ", ReportingOrgName = "Test" };
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static ScenarioLedger Funded()
    {
        var ledger = new ScenarioLedger();
        DateTimeOffset q3 = Utc(2026, 8, 1);
        ledger.OpenBudget("b-sy", "EUR", "SY", "72010", 1_000_00, q3);
        ledger.Receive("b-sy", 1_000_00, q3);
        ledger.AddTranche("b-sy", "t1", 1_000_00, true, q3);
        ledger.Release("b-sy", "t1", 1_000_00, q3);
        ledger.OpenProgram("p-cash", "EUR", q3);
        ledger.List("b-sy", "p-cash", q3);
        ledger.Enrol("p-cash", "household-1", q3);
        return ledger;
    }

    [Fact]
    public async Task Each_licence_shows_what_was_paid_under_it_in_the_quarter_in_every_format()
    {
        ScenarioLedger ledger = Funded();
        DateTimeOffset q3 = Utc(2026, 9, 1);
        ledger.History.Add(new JurisdictionSanctioned(EntryIds.JurisdictionSanctioned("SY", 0), q3, "SY", "31 CFR part 542", "admin"));
        ledger.History.Add(new LicenceRecorded(
            EntryIds.LicenceRecorded("gl-25"), q3, "gl-25", "OFAC", "OFAC GL 25", ["SY"], ["72010"], [], [], q3, Utc(2026, 11, 15), "admin"));
        ledger.History.Add(new LicenceRecorded(
            EntryIds.LicenceRecorded("gl-99"), q3, "gl-99", "OFAC", "OFAC GL 99", ["AF"], [], [], [], q3, Utc(2027, 6, 1), "admin"));
        ledger.History.Add(new LicenceAttached(EntryIds.LicenceAttached("b-sy", "gl-25"), q3, "gl-25", "b-sy", "donor-1"));
        ledger.Disburse("d-q3", "p-cash", "b-sy", "t1", "household-1", 5_00, "72010", Utc(2026, 9, 15)); // before the quarter: not counted
        ledger.Disburse("d-1", "p-cash", "b-sy", "t1", "household-1", 100_00, "72010", Utc(2026, 10, 5));
        ledger.Disburse("d-2", "p-cash", "b-sy", "t1", "household-1", 20_50, "72010", Utc(2026, 11, 1));
        ledger.History.Add(new LicenceAmended(EntryIds.LicenceAmended("gl-25", "a"), Utc(2026, 11, 2), "gl-25", "a", "OFAC GL 25A", "admin", Utc(2026, 11, 10)));
        ledger.Disburse("d-late", "p-cash", "b-sy", "t1", "household-1", 7_00, "72010", Utc(2026, 11, 20)); // after the amended expiry: under no licence
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        Assert.NotNull(report.Licences);
        Assert.Equal(["gl-25", "gl-99"], report.Licences.Select(l => l.Licence));
        LicenceReport gl25 = report.Licences[0];
        Assert.Equal((1L, Utc(2026, 11, 10)), (gl25.Amendments, gl25.Expires));
        Assert.Equal(["b-sy"], gl25.Budgets);
        LicencePayments paid = Assert.Single(gl25.Paid);
        Assert.Equal((2L, "120.50", "EUR"), (paid.Payments, paid.Amount.ToDecimalString(), paid.Amount.Currency.Code));
        Assert.Empty(report.Licences[1].Paid);

        byte[] json = ReportJsonWriter.ToUtf8Bytes(report);
        QuarterlyReport read = ReportJsonReader.Read(json);
        Assert.Equal(json, ReportJsonWriter.ToUtf8Bytes(read));
        Assert.Empty(ReportFigures.Compare(read, report));
        JsonNode written = JsonNode.Parse(json)!["licences"]![0]!;
        Assert.Equal("OFAC GL 25", (string)written["reference"]!);
        Assert.Equal("120.50", (string)written["paid"]![0]!["amount"]!);

        string csv = Encoding.UTF8.GetString(ReportCsvWriter.ToUtf8Bytes(report));
        Assert.Contains("licence[gl-25].paid", csv, StringComparison.Ordinal);
        Assert.Contains("120.50", csv, StringComparison.Ordinal);
        string html = Encoding.UTF8.GetString(ReportHtmlWriter.Write(report, Html));
        Assert.Contains("<section id=\"licences\"", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#licences\">Licences</a>", html, StringComparison.Ordinal);
        Assert.Contains("OFAC GL 25", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_to_a_cleared_hit_on_an_excluded_list_counts_under_a_licence_without_that_exclusion()
    {
        ScenarioLedger ledger = Funded();
        DateTimeOffset q3 = Utc(2026, 9, 1);
        NameSet lists = new(["OFAC-SDN:" + new string('a', 64)]);
        ledger.History.Add(new JurisdictionSanctioned(EntryIds.JurisdictionSanctioned("SY", 0), q3, "SY", "31 CFR part 542", "admin"));
        ledger.History.Add(new LicenceRecorded(
            EntryIds.LicenceRecorded("gl-a"), q3, "gl-a", "OFAC", "OFAC GL A", ["SY"], [], [], [], q3, Utc(2027, 6, 1), "admin", ["OFAC-SDN"]));
        ledger.History.Add(new LicenceRecorded(EntryIds.LicenceRecorded("gl-b"), q3, "gl-b", "OFAC", "OFAC GL B", ["SY"], [], [], [], q3, Utc(2027, 6, 1), "admin"));
        ledger.History.Add(new LicenceAttached(EntryIds.LicenceAttached("b-sy", "gl-a"), q3, "gl-a", "b-sy", "donor-1"));
        ledger.History.Add(new LicenceAttached(EntryIds.LicenceAttached("b-sy", "gl-b"), q3, "gl-b", "b-sy", "donor-1"));
        ledger.History.Add(new CounterpartyRegistered(
            EntryIds.CounterpartyRegistered("cp-1"), q3, "cp-1", "agency:a1", CounterpartyKind.Vendor, CounterpartyPseudonym.Derive(ProgramSecret.FromBytes(new byte[32]), "cp-1")));
        ledger.History.Add(new CounterpartyScreened(EntryIds.CounterpartyScreened("cp-1", lists), q3, "cp-1", lists, 0.93m, true, "OFAC-SDN:306"));
        ledger.History.Add(new ScreeningCleared(
            EntryIds.ScreeningReviewed("cp-1", lists), q3, "cp-1", "compliance:c1", lists, 0.93m, Convert.ToHexStringLower(SHA256.HashData("namesake"u8))));
        ledger.Disburse("d-plain", "p-cash", "b-sy", "t1", "household-1", 10_00, "72010", Utc(2026, 10, 5));
        DateTimeOffset paidAt = Utc(2026, 10, 6);
        ledger.History.Add(new Disbursed(
            "d-named", paidAt, "p-cash", "b-sy", "t1", ScenarioLedger.Pseudonym("household-1"), new Money(Currency.Parse("EUR"), 30_00), "72010", "cash",
            PaymentPeriod.Of(CapPeriod.Month, paidAt), "cp-1"));
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        Assert.NotNull(report.Licences);
        Assert.Equal(["gl-a", "gl-b"], report.Licences.Select(l => l.Licence));
        Assert.Equal((1L, "10.00"), (Assert.Single(report.Licences[0].Paid).Payments, report.Licences[0].Paid[0].Amount.ToDecimalString()));
        Assert.Equal((1L, "30.00"), (Assert.Single(report.Licences[1].Paid).Payments, report.Licences[1].Paid[0].Amount.ToDecimalString()));
    }

    [Fact]
    public async Task A_log_without_licences_gives_a_report_without_a_licences_section()
    {
        ScenarioLedger ledger = Funded();
        ledger.Disburse("d-1", "p-cash", "b-sy", "t1", "household-1", 100_00, "72010", Utc(2026, 10, 5));
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        Assert.Null(report.Licences);
        Assert.DoesNotContain("licence", Encoding.UTF8.GetString(ReportJsonWriter.ToUtf8Bytes(report)), StringComparison.Ordinal);
        Assert.DoesNotContain("licence", Encoding.UTF8.GetString(ReportCsvWriter.ToUtf8Bytes(report)), StringComparison.Ordinal);
        Assert.DoesNotContain("licence", Encoding.UTF8.GetString(ReportHtmlWriter.Write(report, Html)), StringComparison.OrdinalIgnoreCase);
    }
}
