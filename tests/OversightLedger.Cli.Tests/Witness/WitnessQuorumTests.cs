using System.Text;
using System.Text.Json;
using OversightLedger.Cli.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Receipts;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Cli.Tests.Witness;

/// <summary>
/// <c>oversight verify … --witness --quorum</c> on a real log whose checkpoint two real <c>witness serve</c> processes
/// cosigned: the quorum counts only valid cosignatures of the named witnesses and names who is missing.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class WitnessQuorumTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    [Fact]
    public async Task Verify_log_requires_the_quorum_of_named_witnesses_and_names_who_is_missing()
    {
        (CosignedLog log, WitnessFiles a, WitnessFiles b, WitnessFiles unknown) = await CosignedLogAsync();

        CliResult both = await log.VerifyAsync("log", "--witness", a.VerifierKey, "--witness", b.VerifierKey, "--quorum", "2", "--json");
        CliResult third = await log.VerifyAsync("log", "--witness", a.VerifierKey, "--witness", b.VerifierKey, "--witness", unknown.VerifierKey, "--quorum", "3");
        string keysFile = _temp.File("witnesses.txt");
        await File.WriteAllTextAsync(keysFile, $"# the auditor's witnesses\n{a.VerifierKey}\n\n{b.VerifierKey}\n{unknown.VerifierKey}\n", TestContext.Current.CancellationToken);
        CliResult fromFile = await log.VerifyAsync("log", "--witness", "@" + keysFile, "--quorum", "2");
        CliResult none = await log.VerifyAsync("log");

        Assert.True(both.ExitCode == 0, both.ToString());
        using (var json = JsonDocument.Parse(both.Stdout))
        {
            JsonElement[] signed = [.. json.RootElement.GetProperty("witnesses").EnumerateArray()];
            Assert.Equal(["witness.example.org/a", "witness.example.org/b"], signed.Select(s => s.GetProperty("name").GetString()).Order());
            Assert.All(signed, s => Assert.InRange(s.GetProperty("timestamp").GetInt64(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1));
            Assert.Equal(2, json.RootElement.GetProperty("quorum").GetInt32());
        }

        Assert.True(third.ExitCode == 1, third.ToString());
        Assert.Contains(unknown.VerifierKey, third.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(a.VerifierKey, third.Stderr, StringComparison.Ordinal);
        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Contains("no witness was required", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_witness_missing_or_altered_fails_quorum_2_naming_it_and_passes_quorum_1()
    {
        (CosignedLog log, WitnessFiles a, WitnessFiles b, _) = await CosignedLogAsync();
        string[] witnesses = ["--witness", a.VerifierKey, "--witness", b.VerifierKey];

        log.WriteCheckpoint(log.Note + log.Cosignatures[0]);
        CliResult missingTwo = await log.VerifyAsync(["log", .. witnesses, "--quorum", "2"]);
        CliResult missingOne = await log.VerifyAsync(["inclusion", "--index", "2", .. witnesses, "--quorum", "1", "--json"]);

        // A's line with one character of its signature changed: it no longer counts.
        string line = log.Cosignatures[0];
        int at = line.Length - 6;
        string altered = line[..at] + (line[at] == 'A' ? 'B' : 'A') + line[(at + 1)..];
        log.WriteCheckpoint(log.Note + altered + log.Cosignatures[1]);
        CliResult alteredTwo = await log.VerifyAsync(["log", .. witnesses, "--quorum", "2"]);
        CliResult alteredOne = await log.VerifyAsync(["log", .. witnesses, "--quorum", "1"]);

        Assert.True(missingTwo.ExitCode == 1, missingTwo.ToString());
        Assert.Contains(b.VerifierKey, missingTwo.Stderr, StringComparison.Ordinal);
        Assert.Contains("no cosignature", missingTwo.Stderr, StringComparison.Ordinal);
        Assert.True(missingOne.ExitCode == 0, missingOne.ToString());
        using (var json = JsonDocument.Parse(missingOne.Stdout))
        {
            Assert.Equal("witness.example.org/a", Assert.Single(json.RootElement.GetProperty("witnesses").EnumerateArray()).GetProperty("name").GetString());
            Assert.Equal(b.VerifierKey, Assert.Single(json.RootElement.GetProperty("missing").EnumerateArray()).GetString());
        }

        Assert.True(alteredTwo.ExitCode == 1, alteredTwo.ToString());
        Assert.Contains(a.VerifierKey, alteredTwo.Stderr, StringComparison.Ordinal);
        Assert.Contains("invalid cosignature", alteredTwo.Stderr, StringComparison.Ordinal);
        Assert.True(alteredOne.ExitCode == 0, alteredOne.ToString());
    }

    [Fact]
    public async Task Verify_consistency_checks_the_quorum_and_bad_quorums_are_usage_errors()
    {
        (CosignedLog log, WitnessFiles a, WitnessFiles b, _) = await CosignedLogAsync();
        string old = _temp.File("old-checkpoint");
        await File.WriteAllTextAsync(old, log.Note, TestContext.Current.CancellationToken);

        CliResult consistent = await log.VerifyAsync("consistency", "--old", old, "--witness", a.VerifierKey, "--witness", b.VerifierKey, "--quorum", "2");
        log.WriteCheckpoint(log.Note + log.Cosignatures[1]);
        CliResult short1 = await log.VerifyAsync("consistency", "--old", old, "--witness", a.VerifierKey, "--witness", b.VerifierKey, "--quorum", "2");
        CliResult tooMany = await log.VerifyAsync("log", "--witness", a.VerifierKey, "--quorum", "2");
        CliResult noWitness = await log.VerifyAsync("log", "--quorum", "1");

        Assert.True(consistent.ExitCode == 0, consistent.ToString());
        Assert.True(short1.ExitCode == 1, short1.ToString());
        Assert.Contains(a.VerifierKey, short1.Stderr, StringComparison.Ordinal);
        Assert.True(tooMany.ExitCode == 2, tooMany.ToString());
        Assert.True(noWitness.ExitCode == 2, noWitness.ToString());
    }

    [Fact]
    public async Task Verify_receipt_counts_the_cosignatures_the_receipts_checkpoint_carries()
    {
        GrowingLog log = await GrowingLog.CreateAsync(_temp.File("log"), "example.org/receipt-quorum");
        SignedCheckpoint checkpoint = await log.AppendAsync(9);
        (string signerA, string a) = WitnessKeys.Generate("witness.example.org/ra");
        (string signerB, string b) = WitnessKeys.Generate("witness.example.org/rb");
        using Cosigner cosignerA = WitnessKeys.OpenCosigner(signerA);
        using Cosigner cosignerB = WitnessKeys.OpenCosigner(signerB);
        SignedCheckpoint cosigned = checkpoint.WithSignature(cosignerA.Sign(checkpoint.Checkpoint, 1_800_000_000)).WithSignature(cosignerB.Sign(checkpoint.Checkpoint, 1_800_000_001));
        (MerkleHash[] proof, byte[] entry) = await log.InclusionAsync(4);
        string entryFile = _temp.File("entry");
        await File.WriteAllBytesAsync(entryFile, entry, TestContext.Current.CancellationToken);
        string both = _temp.File("both.tlog-proof");
        string onlyA = _temp.File("only-a.tlog-proof");
        await File.WriteAllBytesAsync(both, new TlogProof(4, proof, cosigned.Format()).Format(), TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(onlyA, new TlogProof(4, proof, checkpoint.WithSignature(cosignerA.Sign(checkpoint.Checkpoint, 1_800_000_000)).Format()).Format(), TestContext.Current.CancellationToken);
        string[] verify = ["verify", "receipt", "--vkey", log.VerifierKey, "--entry", entryFile, "--witness", a, "--witness", b];

        CliResult quorum2 = await OversightProcess.RunAsync([.. verify, both, "--quorum", "2", "--json"]);
        CliResult missing = await OversightProcess.RunAsync([.. verify, onlyA, "--quorum", "2"]);

        Assert.True(quorum2.ExitCode == 0, quorum2.ToString());
        using (var json = JsonDocument.Parse(quorum2.Stdout))
        {
            Assert.Equal(
                ["2027-01-15T08:00:00Z", "2027-01-15T08:00:01Z"],
                json.RootElement.GetProperty("witnesses").EnumerateArray().Select(w => w.GetProperty("time").GetString()));
        }

        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Contains(b, missing.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    private async Task<(CosignedLog Log, WitnessFiles A, WitnessFiles B, WitnessFiles Unknown)> CosignedLogAsync()
    {
        string directory = _temp.File("log");
        GrowingLog log = await GrowingLog.CreateAsync(directory, "example.org/quorum-test");
        SignedCheckpoint checkpoint = await log.AppendAsync(5);
        WitnessFiles a = await WitnessFiles.CreateAsync(_temp, "witness.example.org/a");
        WitnessFiles b = await WitnessFiles.CreateAsync(_temp, "witness.example.org/b");
        WitnessFiles unknown = await WitnessFiles.CreateAsync(_temp, "witness.example.org/unknown");
        var lines = new List<string>();
        foreach (WitnessFiles witness in new[] { a, b })
        {
            await using WitnessServerProcess server = await WitnessServerProcess.StartAsync(witness.KeyFile, _temp.File($"state-{lines.Count}"), log.VerifierKey);
            WitnessAnswer answer = await server.AddCheckpointAsync(new AddCheckpointRequest(0, [], checkpoint.Format()).Format());
            Assert.True(answer.Status == 200, answer.ToString());
            lines.Add(answer.Body);
        }

        string vkey = _temp.File("log.vkey");
        await File.WriteAllTextAsync(vkey, log.VerifierKey + "\n", TestContext.Current.CancellationToken);
        var cosigned = new CosignedLog(directory, vkey, Encoding.UTF8.GetString(checkpoint.Format()), lines);
        cosigned.WriteCheckpoint(cosigned.Note + lines[0] + lines[1]);
        return (cosigned, a, b, unknown);
    }

    /// <summary>A log directory whose checkpoint file the test rewrites with chosen cosignature lines.</summary>
    private sealed record CosignedLog(string Directory, string VerifierKeyFile, string Note, IReadOnlyList<string> Cosignatures)
    {
        public void WriteCheckpoint(string note) => File.WriteAllText(Path.Combine(Directory, "checkpoint"), note);

        public Task<CliResult> VerifyAsync(params string[] args) =>
            OversightProcess.RunAsync(["verify", args[0], "--log", Directory, "--vkey", VerifierKeyFile, .. args[1..]]);
    }
}
