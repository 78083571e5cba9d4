using OversightLedger.Anchoring.Tests.Regtest;
using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests.Anchoring;

/// <summary><c>oversight verify anchor URL</c>: a proof fetched over HTTP verifies as the file does; a missing one is exit 2.</summary>
public sealed class VerifyAnchorUrlTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Proof_at_a_url_verifies_and_a_missing_or_unreachable_one_is_bad_input()
    {
        RegtestAnchor anchor = RegtestAnchor.Create(depth: 6);
        string folder = Path.Combine(_directory.File("served"), "log", "anchors");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "1234.json"), anchor.Proof.Format(), TestContext.Current.CancellationToken);
        await using StaticLogServer server = await StaticLogServer.StartAsync(_directory.File("served"));

        CliResult verified = await OversightProcess.RunAsync(
            "verify", "anchor", server.Url("log/anchors") + "1234.json", "--vkey", anchor.VerifierKey, "--network", "regtest", "--block", anchor.AnchorBlock.GetHash().ToString());
        CliResult missing = await OversightProcess.RunAsync("verify", "anchor", server.Url("log/anchors") + "99.json", "--vkey", anchor.VerifierKey, "--network", "regtest");
        CliResult unreachable = await OversightProcess.RunAsync("verify", "anchor", "http://127.0.0.1:9/log/anchors/1.json", "--vkey", anchor.VerifierKey, "--network", "regtest");

        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.StartsWith($"log {RegtestAnchor.Origin} had size {anchor.Checkpoint.Checkpoint.Size}", verified.Stdout, StringComparison.Ordinal);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("HTTP 404", missing.Stderr, StringComparison.Ordinal);
        Assert.True(unreachable.ExitCode == 2, unreachable.ToString());
        Assert.Contains("cannot fetch anchor proof", unreachable.Stderr, StringComparison.Ordinal);
    }
}
