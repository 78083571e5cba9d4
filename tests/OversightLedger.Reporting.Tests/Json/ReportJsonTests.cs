using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OversightLedger.Reporting.Csv;
using OversightLedger.Reporting.Figures;
using OversightLedger.Reporting.Json;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Reporting.Tests.Json;

/// <summary>The JSON file: deterministic bytes, a faithful round trip, a strict reader.</summary>
public sealed class ReportJsonTests : IDisposable
{
    private static readonly ReportQuarter Q4 = new(2026, 4);
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_same_log_and_checkpoint_give_byte_identical_files()
    {
        var history = new GeneratedHistory(seed: 11);
        WrittenLog log = await history.Ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport first = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);
        QuarterlyReport second = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        Assert.NotSame(first, second);
        Assert.Equal(SHA256.HashData(ReportJsonWriter.ToUtf8Bytes(first)), SHA256.HashData(ReportJsonWriter.ToUtf8Bytes(second)));
        Assert.Equal(SHA256.HashData(ReportCsvWriter.ToUtf8Bytes(first)), SHA256.HashData(ReportCsvWriter.ToUtf8Bytes(second)));
        Assert.Empty(ReportFigures.Compare(first, second));
    }

    [Fact]
    public async Task A_report_reads_back_into_the_same_figures_and_the_same_bytes()
    {
        var history = new GeneratedHistory(seed: 12);
        using var witness = new Cosigner("witness.example/w1", RandomNumberGenerator.GetBytes(32));
        WrittenLog log = await history.Ledger.History.WriteAsync(_temp.File("log"), cosigner: witness);
        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);
        byte[] json = ReportJsonWriter.ToUtf8Bytes(report);

        QuarterlyReport read = ReportJsonReader.Read(json);

        Assert.Equal(json, ReportJsonWriter.ToUtf8Bytes(read));
        Assert.Empty(ReportFigures.Compare(report, read));
        Assert.True(ReportFigures.Flatten(read).Count > 500);
        Assert.Equal(report.Checkpoint, read.Checkpoint);
        Assert.Contains("— witness.example/w1 ", read.Checkpoint.SignedNote, StringComparison.Ordinal);
        Assert.Contains("— " + LedgerHistory.Origin + " ", read.Checkpoint.SignedNote, StringComparison.Ordinal);
        Assert.Equal((byte)'\n', json[^1]);
        Assert.DoesNotContain((byte)'\r', json);
        string text = Encoding.UTF8.GetString(json);
        Assert.StartsWith("{\n  \"format\": \"oversightledger-quarterly-report/1\",\n  \"quarter\": \"2026-Q4\",", text, StringComparison.Ordinal);
        Assert.Contains("\"available\": \"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_figure_is_found_by_its_path()
    {
        var history = new GeneratedHistory(seed: 13);
        WrittenLog log = await history.Ledger.History.WriteAsync(_temp.File("log"));
        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);
        JsonNode json = JsonNode.Parse(ReportJsonWriter.ToUtf8Bytes(report))!;
        JsonNode budget = json["budgets"]!.AsArray().Single(b => (string)b!["budget"]! == "yemen-usd")!;
        string available = (string)budget["atQuarterEnd"]!["available"]!;
        budget["atQuarterEnd"]!["available"] = "1.00";

        QuarterlyReport edited = ReportJsonReader.Read(Encoding.UTF8.GetBytes(json.ToJsonString()));

        FigureMismatch mismatch = Assert.Single(ReportFigures.Compare(edited, report));
        Assert.Equal("budget[budget=yemen-usd][currency=USD].atQuarterEnd.available", mismatch.Path);
        Assert.Equal(("1.00", available), (mismatch.Reported, mismatch.Recomputed));
        Assert.Contains("the report says '1.00'", mismatch.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_published_before_deliveries_were_counted_still_reads_with_none_delivered()
    {
        var history = new GeneratedHistory(seed: 14);
        WrittenLog log = await history.Ledger.History.WriteAsync(_temp.File("log"));
        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);
        JsonNode json = JsonNode.Parse(ReportJsonWriter.ToUtf8Bytes(report))!;
        int removed = RemoveMembers(json, "delivered", "deliveries");

        QuarterlyReport old = ReportJsonReader.Read(Encoding.UTF8.GetBytes(json.ToJsonString()));

        Assert.True(removed > 2, $"only {removed} members removed");
        List<ReportFigure> deliveryFigures = [.. ReportFigures.Flatten(old).Where(f => f.Metric.EndsWith("delivered", StringComparison.Ordinal) || f.Metric.EndsWith("deliveries", StringComparison.Ordinal))];
        Assert.NotEmpty(deliveryFigures);
        Assert.All(deliveryFigures, figure => Assert.True(decimal.Parse(figure.Value, System.Globalization.CultureInfo.InvariantCulture) == 0, $"{figure.Metric} = {figure.Value}"));
        IEnumerable<FigureMismatch> mismatches = ReportFigures.Compare(old, report);
        Assert.All(mismatches, m => Assert.True(m.Path.EndsWith(".delivered", StringComparison.Ordinal) || m.Path.EndsWith(".deliveries", StringComparison.Ordinal), m.ToString()));

        json["budgets"]![0]!["atQuarterEnd"]!["delivered"] = "1.234";
        Assert.Throws<FormatException>(() => ReportJsonReader.Read(Encoding.UTF8.GetBytes(json.ToJsonString())));
    }

    private static int RemoveMembers(JsonNode? node, params string[] names)
    {
        int removed = 0;
        switch (node)
        {
            case JsonObject o:
                foreach (string name in names)
                {
                    removed += o.Remove(name) ? 1 : 0;
                }

                foreach (KeyValuePair<string, JsonNode?> child in o.ToList())
                {
                    removed += RemoveMembers(child.Value, names);
                }

                break;
            case JsonArray a:
                foreach (JsonNode? item in a)
                {
                    removed += RemoveMembers(item, names);
                }

                break;
        }

        return removed;
    }

    [Theory]
    [InlineData("unknown member", "$.coverage.extra is not a member")]
    [InlineData("missing member", "$.budgets[0].donor: is missing")]
    [InlineData("bad money", "$.totals[0].pledged: '1.234' is not a EUR amount")]
    [InlineData("bad format", "$.format: is 'something-else/9'")]
    [InlineData("quarter bounds", "$.end: is 2027-01-02T00:00:00Z")]
    public async Task The_reader_refuses_what_the_writer_would_not_write_and_names_where(string change, string message)
    {
        var ledger = new ScenarioLedger();
        ledger.OpenBudget("b1", "EUR", "SY", "72010", 100, ScenarioLedger.Utc(2026, 10, 2));
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));
        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);
        JsonNode json = JsonNode.Parse(ReportJsonWriter.ToUtf8Bytes(report))!;
        switch (change)
        {
            case "unknown member": json["coverage"]!["extra"] = 1; break;
            case "missing member": json["budgets"]![0]!.AsObject().Remove("donor"); break;
            case "bad money": json["totals"]![0]!["pledged"] = "1.234"; break;
            case "bad format": json["format"] = "something-else/9"; break;
            default: json["end"] = "2027-01-02T00:00:00Z"; break;
        }

        FormatException error = Assert.Throws<FormatException>(() => ReportJsonReader.Read(Encoding.UTF8.GetBytes(json.ToJsonString())));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_json_are_a_format_error()
    {
        Assert.Throws<FormatException>(() => ReportJsonReader.Read("{\"format\":"u8.ToArray()));
        Assert.Throws<FormatException>(() => ReportJsonReader.Read("[]"u8.ToArray()));
    }
}
