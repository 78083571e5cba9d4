using System.Text.Json;
using OversightLedger.Anchoring.Tests.Regtest;
using OversightLedger.Cli.Tests.TestSupport;
using OversightLedger.Cli.Tests.Witness;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Cli.Tests.Anchoring;

/// <summary>
/// <c>oversight verify consistency --old ANCHORFILE</c>: an anchor proof of a real tile log's checkpoint, mined on a
/// regtest chain, taken as the old checkpoint of the grown log; an anchor of a fork of that log, or one signed by
/// another key, fails.
/// </summary>
public sealed class ConsistencyFromAnchorTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Anchor_of_an_earlier_checkpoint_of_the_log_is_an_old_checkpoint_the_grown_log_extends()
    {
        (GrowingLog log, string directory) = await LogAsync("example.org/anchor-consistency");
        SignedCheckpoint anchored = await log.AppendAsync(5);
        string anchorFile = await WriteAnchorAsync(RegtestAnchor.Of(anchored, log.VerifierKey, log.SignerKey));
        SignedCheckpoint grown = await log.AppendAsync(300);

        CliResult text = await VerifyConsistencyAsync(directory, log.VerifierKey, anchorFile);
        CliResult json = await VerifyConsistencyAsync(directory, log.VerifierKey, anchorFile, "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.StartsWith(
            $"verified: log {log.Origin} at tree size {grown.Checkpoint.Size} (root {grown.Checkpoint.Root}) extends the anchored checkpoint of size 5 (root {anchored.Checkpoint.Root})",
            text.Stdout,
            StringComparison.Ordinal);
        Assert.Contains("Bitcoin proof was not checked here", text.Stdout, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.True(document.RootElement.GetProperty("oldFromAnchor").GetBoolean());
        Assert.Equal(5UL, document.RootElement.GetProperty("oldTreeSize").GetUInt64());
        Assert.Equal(grown.Checkpoint.Size, document.RootElement.GetProperty("treeSize").GetUInt64());
        Assert.NotEmpty(document.RootElement.GetProperty("proof").EnumerateArray());
    }

    [Fact]
    public async Task Anchor_of_a_forked_log_is_not_extended()
    {
        (GrowingLog log, string directory) = await LogAsync("example.org/anchor-fork");
        await log.AppendAsync(5);
        string forkFile = await WriteAnchorAsync(RegtestAnchor.Of(log.Fork(5), log.VerifierKey, log.SignerKey));
        await log.AppendAsync(20);

        CliResult result = await VerifyConsistencyAsync(directory, log.VerifierKey, forkFile);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Empty(result.Stdout);
        Assert.Contains("is not consistent with the old checkpoint (size 5)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anchor_of_a_checkpoint_signed_by_another_key_fails_its_signature()
    {
        (GrowingLog log, string directory) = await LogAsync("example.org/anchor-other-key");
        SignedCheckpoint anchored = await log.AppendAsync(5);
        (string otherSigner, string otherVerifier) = NoteSigner.Generate(log.Origin);
        using var signer = new NoteSigner(otherSigner);
        string file = await WriteAnchorAsync(RegtestAnchor.Of(SignedCheckpoint.Sign(anchored.Checkpoint, signer), otherVerifier, otherSigner));
        await log.AppendAsync(3);

        CliResult result = await VerifyConsistencyAsync(directory, log.VerifierKey, file);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("verification failed: checkpoint signature:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_anchor_file_is_bad_input()
    {
        (GrowingLog log, string directory) = await LogAsync("example.org/anchor-malformed");
        await log.AppendAsync(2);
        string file = _temp.File("broken-anchor.json");
        await File.WriteAllTextAsync(file, "{\"format\":\"oversight-anchor/v1\",\"checkpoint\":\"not a note\"}", TestContext.Current.CancellationToken);

        CliResult result = await VerifyConsistencyAsync(directory, log.VerifierKey, file);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("malformed", result.Stderr, StringComparison.Ordinal);
    }

    private static Task<CliResult> VerifyConsistencyAsync(string directory, string verifierKey, string old, params string[] extra) =>
        OversightProcess.RunAsync(["verify", "consistency", "--log", directory, "--vkey", verifierKey, "--old", old, .. extra]);

    private async Task<(GrowingLog Log, string Directory)> LogAsync(string origin)
    {
        string directory = _temp.File("log");
        return (await GrowingLog.CreateAsync(directory, origin), directory);
    }

    private async Task<string> WriteAnchorAsync(RegtestAnchor anchor)
    {
        string path = _temp.File($"anchor-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(path, anchor.Proof.Format(), TestContext.Current.CancellationToken);
        return path;
    }
}
