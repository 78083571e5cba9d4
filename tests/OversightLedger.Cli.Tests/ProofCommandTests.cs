using System.Globalization;
using System.Text.Json;
using OversightLedger.Cli.Tests.TestSupport;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Cli.Tests;

/// <summary><c>proof inclusion|consistency</c>: exact JSON, and proofs that the library's verifier accepts.</summary>
public sealed class ProofCommandTests
{
    private static readonly string Log1500 = SharedData.GoTlogPath("log-1500");

    [Theory]
    [InlineData(0UL, 1500UL, "log-1500")]
    [InlineData(42UL, 1500UL, "log-1500")]
    [InlineData(1499UL, 1500UL, "log-1500")]
    [InlineData(42UL, 300UL, "log-300")]
    [InlineData(299UL, 300UL, "log-300")]
    public async Task Inclusion_proof_json_is_exact_and_verifies_against_the_signed_root(ulong index, ulong size, string rootFrom)
    {
        CliResult result = await OversightProcess.RunAsync("proof", "inclusion", "--log", Log1500, "--index", Text(index), "--size", Text(size));

        Assert.True(result.ExitCode == 0, result.ToString());
        string line = result.Stdout.TrimEnd('\n');
        Assert.Matches("""^\{"index":\d+,"treeSize":\d+,"leafHash":"[A-Za-z0-9+/=]{44}","proof":\[("[A-Za-z0-9+/=]{44}"(,"[A-Za-z0-9+/=]{44}")*)?\]\}$""", line);
        using var json = JsonDocument.Parse(line);
        JsonElement root = json.RootElement;
        Assert.Equal(["index", "treeSize", "leafHash", "proof"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(index, root.GetProperty("index").GetUInt64());
        Assert.Equal(size, root.GetProperty("treeSize").GetUInt64());

        MerkleHash leafHash = MerkleHash.FromBase64(root.GetProperty("leafHash").GetString()!);
        Assert.Equal(Rfc6962.HashLeaf(EntryOfLog1500(index).Span), leafHash);
        MerkleHash[] proof = Hashes(root.GetProperty("proof"));
        ProofVerifier.VerifyInclusion(index, size, leafHash, proof, MerkleHash.FromBase64(GoTlogVerificationTests.CheckpointRoot(rootFrom)));
    }

    [Fact]
    public async Task Inclusion_size_defaults_to_the_checkpoint_size()
    {
        CliResult result = await OversightProcess.RunAsync("proof", "inclusion", "--log", Log1500, "--index", "7");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("""{"index":7,"treeSize":1500,""", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(300UL, 1500UL)]
    [InlineData(1UL, 1500UL)]
    [InlineData(256UL, 300UL)]
    [InlineData(1500UL, 1500UL)]
    public async Task Consistency_proof_json_is_exact_and_verifies(ulong from, ulong to)
    {
        CliResult result = await OversightProcess.RunAsync("proof", "consistency", "--log", Log1500, "--from", Text(from), "--to", Text(to));

        Assert.True(result.ExitCode == 0, result.ToString());
        string line = result.Stdout.TrimEnd('\n');
        Assert.Matches("""^\{"from":\d+,"to":\d+,"proof":\[("[A-Za-z0-9+/=]{44}"(,"[A-Za-z0-9+/=]{44}")*)?\]\}$""", line);
        using var json = JsonDocument.Parse(line);
        Assert.Equal(["from", "to", "proof"], json.RootElement.EnumerateObject().Select(p => p.Name));
        MerkleHash[] proof = Hashes(json.RootElement.GetProperty("proof"));

        var nodes = new TileNodeHashReader(new Transparency.Storage.FileSystemLogStorage(Log1500), 1500);
        MerkleHash oldRoot = await ProofBuilder.RootAsync(nodes, from, TestContext.Current.CancellationToken);
        MerkleHash newRoot = await ProofBuilder.RootAsync(nodes, to, TestContext.Current.CancellationToken);
        ProofVerifier.VerifyConsistency(from, to, oldRoot, newRoot, proof);
        if (from == 300 && to == 1500)
        {
            ProofVerifier.VerifyConsistency(from, to, MerkleHash.FromBase64(GoTlogVerificationTests.CheckpointRoot("log-300")), MerkleHash.FromBase64(GoTlogVerificationTests.CheckpointRoot("log-1500")), proof);
        }
    }

    [Theory]
    [InlineData("inclusion", "--index", "0", "--size", "1501")]
    [InlineData("inclusion", "--index", "1500", "--size", "1500")]
    [InlineData("inclusion", "--index", "0", "--size", "0")]
    [InlineData("consistency", "--from", "300", "--to", "1501")]
    [InlineData("consistency", "--from", "0", "--to", "300")]
    [InlineData("consistency", "--from", "301", "--to", "300")]
    public async Task Sizes_outside_the_checkpoint_are_bad_input(string kind, string option1, string value1, string option2, string value2)
    {
        CliResult result = await OversightProcess.RunAsync("proof", kind, "--log", Log1500, option1, value1, option2, value2);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
    }

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static MerkleHash[] Hashes(JsonElement array) => [.. array.EnumerateArray().Select(e => MerkleHash.FromBase64(e.GetString()!))];

    private static ReadOnlyMemory<byte> EntryOfLog1500(ulong index)
    {
        ulong bundle = index / TileLayout.Width;
        string path = Path.Combine(Log1500, TilePath.Entries(bundle, TileLayout.TileWidth(1500, 0, bundle)));
        return EntryBundle.Decode(File.ReadAllBytes(path))[(int)(index % TileLayout.Width)];
    }
}
