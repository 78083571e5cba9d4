using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Counterparties;
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
/// Issue 16: a quarterly report states the screening statistics — counterparties registered, screened, hits, cleared,
/// confirmed, hits awaiting review — and the list versions in force, in its model, JSON, CSV and HTML; a log without
/// counterparties or lists gives a report without the section (and its earlier bytes).
/// </summary>
public sealed class ScreeningReportTests : IDisposable
{
    private static readonly ReportQuarter Q4 = new(2026, 4);
    private static readonly ReportHtmlOptions Html = new() { PublicBaseUrl = "https://ledger.example.org/", LogVerifierKey = "k+01234567+AQ", ReportingOrgName = "Test" };
    private static readonly ProgramSecret Key = ProgramSecret.FromBytes(new byte[32]);
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Screenings_reviews_and_lists_are_counted_by_quarter_and_state_at_its_end()
    {
        var ledger = new ScenarioLedger();
        NameSet v1 = ["OFAC-SDN:" + Sha("v1")], v2 = ["OFAC-SDN:" + Sha("v2")];
        DateTimeOffset q3 = Utc(2026, 8, 1), oct = Utc(2026, 10, 5), nov = Utc(2026, 11, 5), jan = Utc(2027, 1, 5);
        Load(ledger, "OFAC-SDN", Sha("v1"), null, q3);
        Load(ledger, "UN-SC-CONSOLIDATED", Sha("un"), new DateOnly(2026, 7, 30), q3);

        // Before the quarter: a registered, screened clear; b registered, a hit cleared.
        Register(ledger, "cp-a", q3);
        Screen(ledger, "cp-a", v1, hit: false, q3);
        Register(ledger, "cp-b", q3);
        Screen(ledger, "cp-b", v1, hit: true, q3);
        Review(ledger, "cp-b", v1, confirm: false, q3);

        // In the quarter: a new list version; a and b screened again (a now a hit, unreviewed), c registered and a hit confirmed.
        Load(ledger, "OFAC-SDN", Sha("v2"), null, oct);
        Screen(ledger, "cp-a", v2, hit: true, oct);
        Screen(ledger, "cp-b", v2, hit: false, oct);
        Register(ledger, "cp-c", nov);
        Screen(ledger, "cp-c", v2, hit: true, nov);
        Review(ledger, "cp-c", v2, confirm: true, nov);

        // After the quarter: counted in no figure.
        Register(ledger, "cp-d", jan);
        Screen(ledger, "cp-d", v2, hit: true, jan);
        Review(ledger, "cp-a", v2, confirm: false, jan);
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        ScreeningSection screening = Assert.IsType<ScreeningSection>(report.Screening);
        Assert.Empty(report.Uncounted);
        Assert.Equal(3, screening.CounterpartiesRegistered);
        Assert.Equal((3L, 3L, 2L), (screening.Screenings, screening.CounterpartiesScreened, screening.Hits));
        Assert.Equal((0L, 1L), (screening.Cleared, screening.Confirmed));
        Assert.Equal((1L, 1L), (screening.UnreviewedHitsAtQuarterEnd, screening.ConfirmedAtQuarterEnd));
        Assert.Equal(["OFAC-SDN", "UN-SC-CONSOLIDATED"], screening.Lists.Select(l => l.Source));
        Assert.Equal((Sha("v2"), (DateOnly?)null, 15_000L), (screening.Lists[0].Sha256, screening.Lists[0].PublicationDate, screening.Lists[0].EntryCount));
        Assert.Equal(new DateOnly(2026, 7, 30), screening.Lists[1].PublicationDate);

        byte[] json = ReportJsonWriter.ToUtf8Bytes(report);
        QuarterlyReport read = ReportJsonReader.Read(json);
        Assert.Empty(ReportFigures.Compare(read, report));
        Assert.Equal(json, ReportJsonWriter.ToUtf8Bytes(read));
        JsonNode written = JsonNode.Parse(json)!["screening"]!;
        Assert.Equal(2L, (long)written["hits"]!);
        Assert.Equal(Sha("v2"), (string)written["lists"]![0]!["sha256"]!);

        string csv = Encoding.UTF8.GetString(ReportCsvWriter.ToUtf8Bytes(report));
        Assert.Contains("screening,,,,,,unreviewedHitsAtQuarterEnd,1", csv, StringComparison.Ordinal);
        Assert.Contains($"list[OFAC-SDN].sha256,{Sha("v2")}", csv, StringComparison.Ordinal);
        string html = Encoding.UTF8.GetString(ReportHtmlWriter.Write(report, Html));
        Assert.Contains("id=\"screening-table\"", html, StringComparison.Ordinal);
        Assert.Contains($"<code>{Sha("un")}</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_screening_figure_is_a_mismatch_and_a_log_without_screening_has_no_section()
    {
        var ledger = new ScenarioLedger();
        NameSet v1 = ["OFAC-SDN:" + Sha("v1")];
        Load(ledger, "OFAC-SDN", Sha("v1"), null, Utc(2026, 10, 1));
        Register(ledger, "cp-a", Utc(2026, 10, 2));
        Screen(ledger, "cp-a", v1, hit: true, Utc(2026, 10, 2));
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));
        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);
        JsonNode json = JsonNode.Parse(ReportJsonWriter.ToUtf8Bytes(report))!;
        json["screening"]!["hits"] = 0;

        FigureMismatch mismatch = Assert.Single(ReportFigures.Compare(ReportJsonReader.Read(Encoding.UTF8.GetBytes(json.ToJsonString())), report));

        Assert.Equal("screening.hits", mismatch.Path);
        WrittenLog plain = await new ScenarioLedger().History.WriteAsync(_temp.File("plain"));
        QuarterlyReport none = await LogReportSource.BuildReportAsync(plain.Storage, Q4, plain.Checkpoint, TestContext.Current.CancellationToken);
        Assert.Null(none.Screening);
        Assert.Null(JsonNode.Parse(ReportJsonWriter.ToUtf8Bytes(none))!["screening"]);
        Assert.DoesNotContain("id=\"screening", Encoding.UTF8.GetString(ReportHtmlWriter.Write(none, Html)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_screening_of_an_unregistered_counterparty_is_uncounted()
    {
        var ledger = new ScenarioLedger();
        Screen(ledger, "cp-ghost", ["OFAC-SDN:" + Sha("v1")], hit: true, Utc(2026, 10, 2));
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        UncountedEntry uncounted = Assert.Single(report.Uncounted);
        Assert.Contains("cp-ghost", uncounted.Reason, StringComparison.Ordinal);
        Assert.Null(report.Screening);
    }

    private static void Load(ScenarioLedger ledger, string source, string sha256, DateOnly? published, DateTimeOffset at) =>
        ledger.History.Add(new SanctionsListLoaded(EntryIds.SanctionsListLoaded(source, sha256, null), at, source, published, sha256, 15_000));

    private static void Register(ScenarioLedger ledger, string counterparty, DateTimeOffset at) => ledger.History.Add(new CounterpartyRegistered(
        EntryIds.CounterpartyRegistered(counterparty), at, counterparty, "agency:a1", CounterpartyKind.Vendor, CounterpartyPseudonym.Derive(Key, counterparty)));

    private static void Screen(ScenarioLedger ledger, string counterparty, NameSet lists, bool hit, DateTimeOffset at) => ledger.History.Add(new CounterpartyScreened(
        EntryIds.CounterpartyScreened(counterparty, lists), at, counterparty, lists, hit ? 0.93m : 0.41m, hit, hit ? "OFAC-SDN:306" : null));

    private static void Review(ScenarioLedger ledger, string counterparty, NameSet lists, bool confirm, DateTimeOffset at)
    {
        string id = EntryIds.ScreeningReviewed(counterparty, lists);
        ledger.History.Add(confirm
            ? new ScreeningConfirmed(id, at, counterparty, "compliance:c1", lists, 0.93m, Sha("reason"))
            : new ScreeningCleared(id, at, counterparty, "compliance:c1", lists, 0.93m, Sha("reason")));
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
