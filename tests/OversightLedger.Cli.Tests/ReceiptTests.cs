using System.Text;
using System.Text.Json;
using OversightLedger.Cli.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Receipts;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Cli.Tests;

/// <summary><c>verify receipt</c> on C2SP tlog-proof receipts made with the library from a log the CLI wrote.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class ReceiptTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_valid_receipt_verifies_and_the_wrong_entry_does_not()
    {
        (CliLog log, string receipt, string[] entries) = await LogWithReceiptAsync(index: 123);
        string entryFile = _temp.File("entry");
        await File.WriteAllBytesAsync(entryFile, Encoding.UTF8.GetBytes(entries[123]), Ct);

        CliResult valid = await OversightProcess.RunAsync("verify", "receipt", receipt, "--vkey", log.VerifierKeyFile, "--entry", entryFile, "--json");
        Assert.True(valid.ExitCode == 0, valid.ToString());
        using (var json = JsonDocument.Parse(valid.Stdout))
        {
            Assert.True(json.RootElement.GetProperty("verified").GetBoolean());
            Assert.Equal(123UL, json.RootElement.GetProperty("index").GetUInt64());
            Assert.Equal(500UL, json.RootElement.GetProperty("treeSize").GetUInt64());
        }

        string wrongEntry = _temp.File("wrong-entry");
        await File.WriteAllBytesAsync(wrongEntry, Encoding.UTF8.GetBytes(entries[124]), Ct);
        CliResult wrong = await OversightProcess.RunAsync("verify", "receipt", receipt, "--vkey", log.VerifierKeyFile, "--entry", wrongEntry);
        Assert.True(wrong.ExitCode == 1, wrong.ToString());
        Assert.StartsWith("verification failed: the entry in", wrong.Stderr, StringComparison.Ordinal);

        // The entry's bytes are exact: a trailing newline is a different entry.
        await File.WriteAllBytesAsync(wrongEntry, Encoding.UTF8.GetBytes(entries[123] + "\n"), Ct);
        Assert.Equal(1, (await OversightProcess.RunAsync("verify", "receipt", receipt, "--vkey", log.VerifierKeyFile, "--entry", wrongEntry)).ExitCode);
    }

    [Fact]
    public async Task A_receipt_checked_with_another_key_fails_on_the_signature()
    {
        (_, string receipt, string[] entries) = await LogWithReceiptAsync(index: 0);
        string entryFile = _temp.File("entry");
        await File.WriteAllBytesAsync(entryFile, Encoding.UTF8.GetBytes(entries[0]), Ct);

        CliResult result = await OversightProcess.RunAsync("verify", "receipt", receipt, "--vkey", SharedData.GoTlogVerifierKey, "--entry", entryFile);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("signature", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_or_missing_receipt_is_bad_input()
    {
        (CliLog log, string receipt, string[] entries) = await LogWithReceiptAsync(index: 1);
        string entryFile = _temp.File("entry");
        await File.WriteAllBytesAsync(entryFile, Encoding.UTF8.GetBytes(entries[1]), Ct);
        string malformed = _temp.File("malformed.tlog-proof");
        await File.WriteAllTextAsync(malformed, "c2sp.org/tlog-proof@v1\nindex 01\n\n", Ct);

        CliResult bad = await OversightProcess.RunAsync("verify", "receipt", malformed, "--vkey", log.VerifierKeyFile, "--entry", entryFile);
        Assert.True(bad.ExitCode == 2, bad.ToString());
        CliResult missing = await OversightProcess.RunAsync("verify", "receipt", receipt + ".missing", "--vkey", log.VerifierKeyFile, "--entry", entryFile);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        CliResult noEntry = await OversightProcess.RunAsync("verify", "receipt", receipt, "--vkey", log.VerifierKeyFile, "--entry", entryFile + ".missing");
        Assert.True(noEntry.ExitCode == 2, noEntry.ToString());
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>A 500-entry log written by the CLI and a receipt for one entry, made with the library.</summary>
    private async Task<(CliLog Log, string Receipt, string[] Entries)> LogWithReceiptAsync(ulong index)
    {
        CliLog log = await CliLog.InitAsync(_temp);
        string[] entries = [.. Enumerable.Range(0, 500).Select(i => $$"""{"amount":"{{i}}.00","id":"dsb-{{i:D4}}","kind":"Disbursed"}""")];
        Assert.Equal(500UL, await log.AppendFileAsync(_temp, entries));

        var storage = new FileSystemLogStorage(log.Directory);
        byte[] checkpointNote = await File.ReadAllBytesAsync(Path.Combine(log.Directory, TilePath.Checkpoint), Ct);
        Checkpoint checkpoint = SignedCheckpoint.Open(checkpointNote, new NoteVerifier(log.VerifierKey)).Checkpoint;
        MerkleHash[] proof = await ProofBuilder.InclusionAsync(new TileNodeHashReader(storage, checkpoint.Size), index, checkpoint.Size, Ct);
        string receipt = _temp.File($"entry-{index}.tlog-proof");
        await File.WriteAllBytesAsync(receipt, new TlogProof(index, proof, checkpointNote).Format(), Ct);
        return (log, receipt, entries);
    }
}
