using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
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
/// Issue 14: a report names the newest Bitcoin anchor covering its checkpoint (a <c>CheckpointAnchored</c> entry among
/// the leaves it read, of the largest size not above the checkpoint's) in its model, JSON, CSV and HTML; a report over
/// a log without one has no anchor section, and a report written before anchors still reads.
/// </summary>
public sealed class ReportAnchorTests : IDisposable
{
    private static readonly ReportQuarter Q4 = new(2026, 4);
    private static readonly ReportHtmlOptions Html = new() { PublicBaseUrl = "https://ledger.example.org/", LogVerifierKey = "k+01234567+AQ", ReportingOrgName = "Test" };
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_newest_anchor_not_beyond_the_checkpoint_is_named_in_every_format()
    {
        ScenarioLedger ledger = Funded();
        ulong older = Anchor(ledger, 3, Utc(2026, 11, 2));
        ulong newer = Anchor(ledger, 6, Utc(2027, 1, 2));

        // An entry naming a checkpoint larger than the report's cannot be an anchor of what the report read.
        Anchor(ledger, 500, Utc(2027, 1, 3));
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        ReportAnchor anchor = Assert.IsType<ReportAnchor>(report.Anchor);
        Assert.True(older < newer);
        Assert.Equal((6UL, newer, RootOf(6)), (anchor.CheckpointSize, anchor.Leaf, anchor.CheckpointRoot.ToHex()));
        Assert.Equal(("regtest", TxId(6), BlockOf(6), 120L + 6), (anchor.Network, anchor.TransactionId, anchor.BlockHash, anchor.BlockHeight));
        Assert.Equal("/log/anchors/6.json", anchor.ProofPath);
        Assert.Empty(report.Uncounted);

        byte[] json = ReportJsonWriter.ToUtf8Bytes(report);
        QuarterlyReport read = ReportJsonReader.Read(json);
        Assert.Equal(anchor, read.Anchor);
        Assert.Equal(json, ReportJsonWriter.ToUtf8Bytes(read));
        JsonNode written = JsonNode.Parse(json)!["anchor"]!;
        Assert.Equal(6UL, (ulong)written["checkpointSize"]!);
        Assert.Equal(TxId(6), (string)written["transactionId"]!);
        Assert.Equal(BlockOf(6), (string)written["blockHash"]!);
        Assert.Equal(126L, (long)written["blockHeight"]!);
        Assert.Equal("/log/anchors/6.json", (string)written["proof"]!);
        Assert.Equal(anchor.CheckpointRoot.ToBase64(), (string)written["root"]!);

        string csv = Encoding.UTF8.GetString(ReportCsvWriter.ToUtf8Bytes(report));
        Assert.Contains(TxId(6), csv, StringComparison.Ordinal);
        string html = Encoding.UTF8.GetString(ReportHtmlWriter.Write(report, Html));
        Assert.Contains("<div id=\"anchor\">", html, StringComparison.Ordinal);
        Assert.Contains($"<code id=\"anchor-txid\">{TxId(6)}</code>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://ledger.example.org/log/anchors/6.json\"", html, StringComparison.Ordinal);
        Assert.Contains(
            $"oversight verify anchor https://ledger.example.org/log/anchors/6.json --vkey &#39;k+01234567+AQ&#39; --network regtest --block {BlockOf(6)}",
            html,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_without_an_anchor_gives_a_report_without_an_anchor_section()
    {
        WrittenLog log = await Funded().History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        Assert.Null(report.Anchor);
        byte[] json = ReportJsonWriter.ToUtf8Bytes(report);
        Assert.Null(JsonNode.Parse(json)!["anchor"]);
        Assert.Null(ReportJsonReader.Read(json).Anchor);
        Assert.DoesNotContain(ReportFigures.Flatten(report), f => f.Path.StartsWith("anchor", StringComparison.Ordinal));
        Assert.DoesNotContain("id=\"anchor", Encoding.UTF8.GetString(ReportHtmlWriter.Write(report, Html)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_written_before_anchors_still_reads_and_replay_would_name_the_missing_anchor()
    {
        ScenarioLedger ledger = Funded();
        Anchor(ledger, 4, Utc(2026, 12, 2));
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));
        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);
        JsonObject json = JsonNode.Parse(ReportJsonWriter.ToUtf8Bytes(report))!.AsObject();
        Assert.True(json.Remove("anchor"));

        QuarterlyReport old = ReportJsonReader.Read(Encoding.UTF8.GetBytes(json.ToJsonString()));

        Assert.Null(old.Anchor);
        IReadOnlyList<FigureMismatch> mismatches = ReportFigures.Compare(old, report);
        Assert.NotEmpty(mismatches);
        Assert.All(mismatches, m => Assert.True(m.Path.StartsWith("anchor", StringComparison.Ordinal) && m.Reported is null, m.ToString()));
        Assert.Contains(mismatches, m => m.Recomputed == TxId(4));
    }

    [Theory]
    [InlineData("transactionId")]
    [InlineData("blockHash")]
    [InlineData("checkpointSize")]
    public async Task An_edited_anchor_is_a_mismatch_and_an_inconsistent_one_does_not_read(string member)
    {
        ScenarioLedger ledger = Funded();
        Anchor(ledger, 4, Utc(2026, 12, 2));
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));
        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);
        JsonNode json = JsonNode.Parse(ReportJsonWriter.ToUtf8Bytes(report))!;
        JsonNode anchor = json["anchor"]!;
        if (member == "checkpointSize")
        {
            // The size and the proof path must agree: a size edited alone does not read.
            anchor[member] = 3;
            Assert.Throws<FormatException>(() => ReportJsonReader.Read(Encoding.UTF8.GetBytes(json.ToJsonString())));
            anchor["proof"] = "/log/anchors/3.json";
        }
        else
        {
            anchor[member] = new string('a', 64);
        }

        QuarterlyReport edited = ReportJsonReader.Read(Encoding.UTF8.GetBytes(json.ToJsonString()));

        FigureMismatch mismatch = Assert.Single(ReportFigures.Compare(edited, report));
        Assert.Equal($"anchor.{member}", mismatch.Path);
        anchor["rootHex"] = new string('0', 64);
        Assert.Throws<FormatException>(() => ReportJsonReader.Read(Encoding.UTF8.GetBytes(json.ToJsonString())));
    }

    private static ScenarioLedger Funded()
    {
        var ledger = new ScenarioLedger();
        DateTimeOffset q3 = Utc(2026, 8, 1), oct = Utc(2026, 10, 5);
        ledger.OpenBudget("b-eur", "EUR", "SY", "72010", 1_000_00, q3);
        ledger.Receive("b-eur", 1_000_00, q3);
        ledger.AddTranche("b-eur", "t1", 1_000_00, true, q3);
        ledger.Release("b-eur", "t1", 1_000_00, q3);
        ledger.OpenProgram("p-cash", "EUR", q3);
        ledger.List("b-eur", "p-cash", q3);
        ledger.Enrol("p-cash", "household-1", q3);
        ledger.Disburse("d-1", "p-cash", "b-eur", "t1", "household-1", 100_00, "72010", oct);
        return ledger;
    }

    private static ulong Anchor(ScenarioLedger ledger, long size, DateTimeOffset at) => ledger.History.Add(new CheckpointAnchored(
        EntryIds.CheckpointAnchored(size), at, size, RootOf(size), "regtest", TxId(size), BlockOf(size), 120 + size, Hex("proof", size)));

    private static string RootOf(long size) => Hex("root", size);

    private static string TxId(long size) => Hex("tx", size);

    private static string BlockOf(long size) => Hex("block", size);

    private static string Hex(string what, long size) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{what}-{size}")));
}
