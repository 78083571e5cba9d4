using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OversightLedger.Anchoring.Tests.Regtest;
using OversightLedger.Cli.Tests.TestSupport;
using OversightLedger.Domain.Entries;
using OversightLedger.Reporting.Json;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Cli.Tests.Replay;

/// <summary>
/// <c>oversight replay --anchor</c>: a log made with <c>oversight log init/append</c>, one of its checkpoints anchored on a
/// regtest chain mined in the test (and recorded in the log, so the report names it), then the report replayed with the
/// anchor proof; an anchor of a fork, of another transaction than the report names, or too shallow fails.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class ReplayAnchorTests : IDisposable
{
    private const int AnchoredSize = 12;
    private static readonly ReportQuarter Q4 = new(2026, 4);
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_anchor_the_report_names_verifies_and_is_of_the_replayed_log()
    {
        AnchoredLog log = await AnchoredLogAsync();

        CliResult json = await ReplayAsync(log, log.AnchorFile, "--json");
        CliResult text = await ReplayAsync(log, log.AnchorFile, "--block", log.Anchor.AnchorBlock.GetHash().ToString());

        Assert.True(json.ExitCode == 0, json.ToString());
        using (var document = JsonDocument.Parse(json.Stdout))
        {
            Assert.True(document.RootElement.GetProperty("verified").GetBoolean());
            JsonElement anchor = document.RootElement.GetProperty("anchor");
            Assert.Equal((ulong)AnchoredSize, anchor.GetProperty("treeSize").GetUInt64());
            Assert.Equal(log.Anchor.Transaction.GetHash().ToString(), anchor.GetProperty("txid").GetString());
            Assert.Equal(log.Anchor.AnchorBlock.GetHash().ToString(), anchor.GetProperty("blockHash").GetString());
            Assert.True(anchor.GetProperty("namedByReport").GetBoolean());
            Assert.False(anchor.GetProperty("blockPinned").GetBoolean());
        }

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains(
            $"anchor: the log had size {AnchoredSize}, root {log.Anchor.Checkpoint.Checkpoint.Root} no later than block {log.Anchor.AnchorBlock.GetHash()}",
            text.Stdout,
            StringComparison.Ordinal);
        Assert.Contains("consistent with the replayed log; the anchor the report names", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anchor_of_a_later_checkpoint_of_the_same_log_is_consistent_too()
    {
        AnchoredLog log = await AnchoredLogAsync();
        await log.Cli.AppendFileAsync(_temp, CleanHistory.LaterLines());
        SignedCheckpoint grown = await CheckpointAsync(log.Cli);
        string later = await WriteAsync(RegtestAnchor.Of(grown, log.Cli.VerifierKey, log.SignerKey));

        CliResult result = await ReplayAsync(log, later, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        Assert.Equal(grown.Checkpoint.Size, document.RootElement.GetProperty("anchor").GetProperty("treeSize").GetUInt64());
        Assert.False(document.RootElement.GetProperty("anchor").GetProperty("namedByReport").GetBoolean());
    }

    [Fact]
    public async Task An_anchor_of_a_fork_or_of_a_larger_tree_signed_with_the_logs_key_fails()
    {
        AnchoredLog log = await AnchoredLogAsync();
        using var signer = new NoteSigner(log.SignerKey);
        SignedCheckpoint fork = SignedCheckpoint.Sign(new Checkpoint(CliLog.Origin, AnchoredSize, Rfc6962.HashLeaf("forged"u8)), signer);
        string forkFile = await WriteAsync(RegtestAnchor.Of(fork, log.Cli.VerifierKey, log.SignerKey));
        SignedCheckpoint future = SignedCheckpoint.Sign(new Checkpoint(CliLog.Origin, 10_000, Rfc6962.HashLeaf("future"u8)), signer);
        string futureFile = await WriteAsync(RegtestAnchor.Of(future, log.Cli.VerifierKey, log.SignerKey));

        CliResult result = await ReplayAsync(log, forkFile);
        CliResult larger = await ReplayAsync(log, futureFile);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Empty(result.Stdout);
        Assert.StartsWith("verification failed: anchor: the anchored checkpoint", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("is not of the replayed log", result.Stderr, StringComparison.Ordinal);
        Assert.True(larger.ExitCode == 1, larger.ToString());
        Assert.Contains("size 10000, root", larger.Stderr, StringComparison.Ordinal);
        Assert.Contains("is larger than the replayed log's checkpoint", larger.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_transaction_than_the_report_names_for_the_same_checkpoint_fails()
    {
        AnchoredLog log = await AnchoredLogAsync();
        string other = await WriteAsync(RegtestAnchor.Of(log.Anchor.Checkpoint, log.Cli.VerifierKey, log.SignerKey));

        CliResult result = await ReplayAsync(log, other);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"the report names transaction {log.Anchor.Transaction.GetHash()}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_anchor_proof_is_checked_as_verify_anchor_checks_it()
    {
        AnchoredLog log = await AnchoredLogAsync();

        CliResult shallow = await ReplayAsync(log, log.AnchorFile, "--depth", "7");
        CliResult pinned = await ReplayAsync(log, log.AnchorFile, "--block", log.Anchor.Chain.Tip.GetHash().ToString());
        CliResult main = await OversightProcess.RunAsync("replay", "--log", log.Cli.Directory, "--report", log.Report, "--vkey", log.Cli.VerifierKey, "--anchor", log.AnchorFile);

        Assert.True(shallow.ExitCode == 1, shallow.ToString());
        Assert.StartsWith("verification failed: too shallow:", shallow.Stderr, StringComparison.Ordinal);
        Assert.True(pinned.ExitCode == 1, pinned.ToString());
        Assert.StartsWith("verification failed: not the pinned block:", pinned.Stderr, StringComparison.Ordinal);
        Assert.True(main.ExitCode == 1, main.ToString());
        Assert.StartsWith("verification failed: proof of work:", main.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_anchor_usage_is_exit_2()
    {
        AnchoredLog log = await AnchoredLogAsync();
        string broken = _temp.File("broken.json");
        await File.WriteAllTextAsync(broken, "{\"format\":\"oversight-anchor/v1\"}", Ct);
        string[] replay = ["replay", "--log", log.Cli.Directory, "--report", log.Report];

        CliResult noKey = await OversightProcess.RunAsync([.. replay, "--anchor", log.AnchorFile, "--network", "regtest"]);
        CliResult blockAlone = await OversightProcess.RunAsync([.. replay, "--block", log.Anchor.AnchorBlock.GetHash().ToString()]);
        CliResult malformed = await ReplayAsync(log, broken);
        CliResult missing = await ReplayAsync(log, _temp.File("absent.json"));

        Assert.True(noKey.ExitCode == 2, noKey.ToString());
        Assert.Contains("--vkey", noKey.Stderr, StringComparison.Ordinal);
        Assert.True(blockAlone.ExitCode == 2, blockAlone.ToString());
        Assert.Contains("--anchor", blockAlone.Stderr, StringComparison.Ordinal);
        Assert.True(malformed.ExitCode == 2, malformed.ToString());
        Assert.True(missing.ExitCode == 2, missing.ToString());
    }

    private static Task<CliResult> ReplayAsync(AnchoredLog log, string anchorFile, params string[] extra) =>
        OversightProcess.RunAsync([
            "replay", "--log", log.Cli.Directory, "--report", log.Report, "--vkey", log.Cli.VerifierKey, "--anchor", anchorFile, "--network", "regtest", .. extra]);

    private static async Task<SignedCheckpoint> CheckpointAsync(CliLog log) =>
        SignedCheckpoint.Open((await new FileSystemLogStorage(log.Directory).ReadAsync("checkpoint", Ct))!, new NoteVerifier(log.VerifierKey));

    /// <summary>
    /// The clean history's first entries, its checkpoint anchored and the anchor recorded in the log as the server
    /// records it, then the rest of the history, and the 2026-Q4 report at the end (which names the anchor).
    /// </summary>
    private async Task<AnchoredLog> AnchoredLogAsync()
    {
        IReadOnlyList<string> lines = CleanHistory.Lines();
        CliLog log = await CliLog.InitAsync(_temp);
        string signerKey = (await File.ReadAllTextAsync(log.KeyFile, Ct)).Trim();
        await log.AppendFileAsync(_temp, lines.Take(AnchoredSize));
        RegtestAnchor anchor = RegtestAnchor.Of(await CheckpointAsync(log), log.VerifierKey, signerKey);
        string anchorFile = await WriteAsync(anchor);
        Checkpoint anchored = anchor.Checkpoint.Checkpoint;
        var entry = new CheckpointAnchored(
            EntryIds.CheckpointAnchored(AnchoredSize), new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), AnchoredSize, anchored.Root.ToHex(), "regtest",
            anchor.Transaction.GetHash().ToString(), anchor.AnchorBlock.GetHash().ToString(), anchor.Chain.HeightOf(anchor.Transaction.GetHash()),
            Convert.ToHexStringLower(SHA256.HashData(anchor.Proof.Format())));
        await log.AppendFileAsync(_temp, [Encoding.UTF8.GetString(entry.ToCanonicalJson()), .. lines.Skip(AnchoredSize)]);

        var storage = new FileSystemLogStorage(log.Directory);
        ReportCheckpoint checkpoint = ReportCheckpoint.FromSignedNote((await storage.ReadAsync("checkpoint", Ct))!);
        QuarterlyReport report = await LogReportSource.BuildReportAsync(storage, Q4, checkpoint, Ct);
        Assert.Equal(anchor.Transaction.GetHash().ToString(), report.Anchor?.TransactionId);
        string reportPath = _temp.File("report-2026-Q4.json");
        await File.WriteAllBytesAsync(reportPath, ReportJsonWriter.ToUtf8Bytes(report), Ct);
        return new AnchoredLog(log, signerKey, anchor, anchorFile, reportPath);
    }

    private async Task<string> WriteAsync(RegtestAnchor anchor)
    {
        string path = _temp.File($"anchor-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(path, anchor.Proof.Format(), Ct);
        return path;
    }

    private sealed record AnchoredLog(CliLog Cli, string SignerKey, RegtestAnchor Anchor, string AnchorFile, string Report);
}
