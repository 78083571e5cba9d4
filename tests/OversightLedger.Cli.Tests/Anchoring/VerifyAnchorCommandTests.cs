using System.Globalization;
using System.Text.Json;
using NBitcoin;
using OversightLedger.Anchoring.Commitment;
using OversightLedger.Anchoring.Proofs;
using OversightLedger.Anchoring.Tests.Regtest;
using OversightLedger.Cli.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Cli.Tests.Anchoring;

/// <summary><c>oversight verify anchor</c> on proof files from a regtest chain mined in the test, genuine and altered.</summary>
public sealed class VerifyAnchorCommandTests : IDisposable
{
    private static readonly Lazy<RegtestAnchor> Shared = new(() => RegtestAnchor.Create(depth: 6));

    private readonly TemporaryDirectory _directory = new();

    private static RegtestAnchor Anchor => Shared.Value;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Genuine_anchor_verifies_and_says_what_the_log_had_no_later_than_which_block()
    {
        CliResult result = await VerifyAsync(Anchor.Proof, "--block", Anchor.AnchorBlock.GetHash().ToString());

        Assert.True(result.ExitCode == 0, result.ToString());
        Checkpoint checkpoint = Anchor.Checkpoint.Checkpoint;
        string time = Anchor.AnchorBlock.Header.BlockTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Assert.Equal(
            $"log {RegtestAnchor.Origin} had size {checkpoint.Size}, root {checkpoint.Root.ToBase64()} no later than block {Anchor.AnchorBlock.GetHash()} (time {time})",
            result.Stdout.Split('\n')[0]);
        Assert.Contains($"transaction {Anchor.Transaction.GetHash()}", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_verdict_names_the_block_and_transaction()
    {
        CliResult result = await VerifyAsync(Anchor.Proof, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("verified").GetBoolean());
        Assert.Equal(Anchor.AnchorBlock.GetHash().ToString(), json.RootElement.GetProperty("blockHash").GetString());
        Assert.Equal(Anchor.Transaction.GetHash().ToString(), json.RootElement.GetProperty("txid").GetString());
        Assert.Equal(6UL, json.RootElement.GetProperty("depth").GetUInt64());
        Assert.False(json.RootElement.GetProperty("blockPinned").GetBoolean());
    }

    [Fact]
    public async Task Other_checkpoint_fails_the_commitment()
    {
        using var signer = new NoteSigner(Anchor.SignerKey);
        var other = new Checkpoint(RegtestAnchor.Origin, Anchor.Checkpoint.Checkpoint.Size + 1, Rfc6962.HashLeaf("later"u8));

        await AssertFailsAsync(Anchor.Proof with { SignedCheckpoint = SignedCheckpoint.Sign(other, signer).Format() }, "commitment:");
    }

    [Fact]
    public async Task Checkpoint_of_another_key_fails_its_signature()
    {
        (string signerKey, _) = NoteSigner.Generate(RegtestAnchor.Origin);
        using var signer = new NoteSigner(signerKey);

        await AssertFailsAsync(Anchor.Proof with { SignedCheckpoint = SignedCheckpoint.Sign(Anchor.Checkpoint.Checkpoint, signer).Format() }, "checkpoint signature:");
    }

    [Fact]
    public async Task Other_output_fails_the_commitment()
    {
        Transaction altered = Anchor.Transaction.Clone();
        int index = AnchorCommitment.FindOutput(altered, Anchor.Checkpoint.Checkpoint)!.Value;
        byte[] payload = AnchorCommitment.Payload(Anchor.Checkpoint.Checkpoint);
        payload[10] ^= 0x40;
        altered.Outputs[index].ScriptPubKey = TxNullDataTemplate.Instance.GenerateScriptPubKey(payload);

        await AssertFailsAsync(Anchor.Proof with { Transaction = altered.ToBytes() }, "commitment:");
    }

    [Fact]
    public async Task Wrong_txid_matched_fails_as_not_in_the_block()
    {
        Block block = Anchor.AnchorBlock;

        await AssertFailsAsync(Anchor.Proof with { TxOutProof = new MerkleBlock(block, [block.Transactions[0].GetHash()]).ToBytes() }, "transaction not in block:");
    }

    [Fact]
    public async Task Broken_header_link_fails()
    {
        var headers = Anchor.Proof.Headers.ToList();
        headers.RemoveAt(2);
        headers.Add(Anchor.Proof.Headers[^1]);

        await AssertFailsAsync(Anchor.Proof with { Headers = headers }, "header chain:");
    }

    [Fact]
    public async Task Too_little_work_fails()
    {
        var headers = Anchor.Proof.Headers.ToList();
        byte[] last = headers[^1].ToArray();
        last[75] = 0x1d; // bits (bytes 72-75, little-endian) 0x207fffff become 0x1d7fffff: a target 2^24 times harder, never mined for
        headers[^1] = last;

        await AssertFailsAsync(Anchor.Proof with { Headers = headers }, "proof of work:");
    }

    [Fact]
    public async Task Regtest_work_is_too_little_for_main()
    {
        await AssertFailsOnAsync("main", Anchor.Proof, "proof of work:");
    }

    [Fact]
    public async Task Too_shallow_fails()
    {
        await AssertFailsAsync(Anchor.Proof with { Headers = [.. Anchor.Proof.Headers.Take(3)] }, "too shallow:");
        await AssertFailsAsync(Anchor.Proof, "too shallow:", "--depth", "7");
    }

    [Fact]
    public async Task Another_pinned_block_fails()
    {
        await AssertFailsAsync(Anchor.Proof, "not the pinned block:", "--block", Anchor.Chain.Tip.GetHash().ToString());
    }

    [Fact]
    public async Task Witness_quorum_counts_the_cosignatures_on_the_anchored_checkpoint_and_names_who_is_missing()
    {
        (string signerA, string a) = WitnessKeys.Generate("witness.example.org/anchor-a");
        (string signerB, string b) = WitnessKeys.Generate("witness.example.org/anchor-b");
        using Cosigner cosignerA = WitnessKeys.OpenCosigner(signerA);
        using Cosigner cosignerB = WitnessKeys.OpenCosigner(signerB);
        Checkpoint checkpoint = Anchor.Checkpoint.Checkpoint;
        SignedCheckpoint onlyA = Anchor.Checkpoint.WithSignature(cosignerA.Sign(checkpoint, 1_800_000_000));
        SignedCheckpoint both = onlyA.WithSignature(cosignerB.Sign(checkpoint, 1_800_000_001));
        string[] witnesses = ["--witness", a, "--witness", b];

        CliResult quorum2 = await VerifyAsync(Anchor.Proof with { SignedCheckpoint = both.Format() }, [.. witnesses, "--quorum", "2", "--json"]);
        CliResult text = await VerifyAsync(Anchor.Proof with { SignedCheckpoint = both.Format() }, [.. witnesses, "--quorum", "2"]);
        CliResult missing = await VerifyAsync(Anchor.Proof with { SignedCheckpoint = onlyA.Format() }, [.. witnesses, "--quorum", "2"]);
        CliResult quorum1 = await VerifyAsync(Anchor.Proof with { SignedCheckpoint = onlyA.Format() }, [.. witnesses, "--quorum", "1", "--json"]);
        CliResult none = await VerifyAsync(Anchor.Proof with { SignedCheckpoint = onlyA.Format() });

        Assert.True(quorum2.ExitCode == 0, quorum2.ToString());
        using (var json = JsonDocument.Parse(quorum2.Stdout))
        {
            Assert.Equal(2, json.RootElement.GetProperty("quorum").GetInt32());
            Assert.Equal(
                ["witness.example.org/anchor-a", "witness.example.org/anchor-b"],
                json.RootElement.GetProperty("witnesses").EnumerateArray().Select(w => w.GetProperty("name").GetString()).Order());
            Assert.Empty(json.RootElement.GetProperty("missing").EnumerateArray());
            Assert.Equal(Anchor.AnchorBlock.GetHash().ToString(), json.RootElement.GetProperty("blockHash").GetString());
        }

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("witness quorum 2 of 2 met", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("no witness was required", text.Stderr, StringComparison.Ordinal);
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Empty(missing.Stdout);
        string line = Assert.Single(missing.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("verification failed: witness quorum not met", line, StringComparison.Ordinal);
        Assert.Contains(b, line, StringComparison.Ordinal);
        Assert.DoesNotContain(a, line, StringComparison.Ordinal);
        Assert.True(quorum1.ExitCode == 0, quorum1.ToString());
        using (var json = JsonDocument.Parse(quorum1.Stdout))
        {
            Assert.Equal(b, Assert.Single(json.RootElement.GetProperty("missing").EnumerateArray()).GetString());
        }

        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Contains("no witness was required", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Altered_cosignature_does_not_count_and_a_quorum_without_witnesses_is_bad_usage()
    {
        (string signerA, string a) = WitnessKeys.Generate("witness.example.org/anchor-c");
        using Cosigner cosignerA = WitnessKeys.OpenCosigner(signerA);
        Checkpoint other = new(RegtestAnchor.Origin, Anchor.Checkpoint.Checkpoint.Size + 1, Rfc6962.HashLeaf("other"u8));

        // A's cosignature of another checkpoint, put on the anchored one: well formed, but not a signature of this checkpoint.
        SignedCheckpoint wrong = Anchor.Checkpoint.WithSignature(cosignerA.Sign(other, 1_800_000_000));
        CliResult altered = await VerifyAsync(Anchor.Proof with { SignedCheckpoint = wrong.Format() }, "--witness", a);
        CliResult quorumAlone = await VerifyAsync(Anchor.Proof, "--quorum", "1");
        CliResult tooMany = await VerifyAsync(Anchor.Proof, "--witness", a, "--quorum", "2");

        Assert.True(altered.ExitCode == 1, altered.ToString());
        Assert.Contains("invalid cosignature", altered.Stderr, StringComparison.Ordinal);
        Assert.True(quorumAlone.ExitCode == 2, quorumAlone.ToString());
        Assert.True(tooMany.ExitCode == 2, tooMany.ToString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"format\":\"oversight-anchor/v1\"}")]
    [InlineData("{\"format\":\"oversight-anchor/v2\",\"checkpoint\":\"x\",\"transaction\":\"00\",\"txoutproof\":\"00\",\"headers\":[]}")]
    public async Task Malformed_file_is_bad_input(string content)
    {
        string path = _directory.File("bad.json");
        await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);

        CliResult result = await OversightProcess.RunAsync("verify", "anchor", path, "--vkey", Anchor.VerifierKey, "--network", "regtest");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_merkle_block_is_bad_input()
    {
        CliResult result = await VerifyAsync(Anchor.Proof with { TxOutProof = Anchor.Proof.TxOutProof[..60] });

        Assert.True(result.ExitCode == 2, result.ToString());
    }

    [Theory]
    [InlineData("--block", "00ff")]
    [InlineData("--depth", "0")]
    [InlineData("--network", "litecoin")]
    public async Task Bad_options_are_bad_usage(string option, string value)
    {
        string path = await WriteAsync(Anchor.Proof);

        CliResult result = await OversightProcess.RunAsync("verify", "anchor", path, "--vkey", Anchor.VerifierKey, option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
    }

    [Fact]
    public async Task Missing_file_is_bad_input()
    {
        CliResult result = await OversightProcess.RunAsync("verify", "anchor", _directory.File("absent.json"), "--vkey", Anchor.VerifierKey, "--network", "regtest");

        Assert.True(result.ExitCode == 2, result.ToString());
    }

    private async Task AssertFailsAsync(AnchorProof proof, string reason, params string[] extra) =>
        await AssertFailsOnAsync("regtest", proof, reason, extra);

    private async Task AssertFailsOnAsync(string network, AnchorProof proof, string reason, params string[] extra)
    {
        string path = await WriteAsync(proof);
        CliResult result = await OversightProcess.RunAsync(["verify", "anchor", path, "--vkey", Anchor.VerifierKey, "--network", network, .. extra]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Empty(result.Stdout);
        string line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("verification failed: " + reason, line, StringComparison.Ordinal);
    }

    private async Task<CliResult> VerifyAsync(AnchorProof proof, params string[] extra)
    {
        string path = await WriteAsync(proof);
        return await OversightProcess.RunAsync(["verify", "anchor", path, "--vkey", Anchor.VerifierKey, "--network", "regtest", .. extra]);
    }

    private async Task<string> WriteAsync(AnchorProof proof)
    {
        string path = _directory.File($"anchor-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(path, proof.Format(), TestContext.Current.CancellationToken);
        return path;
    }
}
