using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OversightLedger.Cli.Tests.Agency;
using OversightLedger.Cli.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Receipts;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Cli.Tests.Witness;

/// <summary>
/// The log as a client of its witnesses, all real processes: the server submits each new checkpoint to two
/// <c>oversight witness serve</c> processes (down when it started, so only its retries reach them), <c>/log/checkpoint</c>
/// and the agency's receipt carry their cosignatures, and the auditor's quorum counts exactly those; with one witness
/// killed, quorum 2 fails naming it until it comes back and is caught up. A configured witness that answers with
/// cosignatures of other checkpoints is asked, logged, and never served.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class LogWitnessingTests(WitnessedLedgerFixture ledger) : IClassFixture<WitnessedLedgerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Both_witnesses_cosign_new_checkpoints_and_verify_log_counts_them_but_not_an_unknown_key()
    {
        FundedProgram funded = await ledger.NewProgramAsync();
        ulong leaf = 0;
        for (int i = 0; i < 3; i++)
        {
            leaf = await DisburseAsync(funded, $"w{i}:{funded.Program}", i);
        }

        SignedNote served = await WaitForCosignedCheckpointAsync(leaf + 1, ledger.A.VerifierKey, ledger.B.VerifierKey);

        // The log's own signature comes first, then the witnesses'.
        Assert.Equal(new NoteVerifier(ledger.LogKey).Name, served.Signatures[0].Name);
        Assert.Equal(["witness.example.org/a", "witness.example.org/b"], served.Signatures.Skip(1).Select(s => s.Name).Order());
        CliResult both = await VerifyLogAsync("--witness", ledger.A.VerifierKey, "--witness", ledger.B.VerifierKey, "--quorum", "2", "--json");
        CliResult withUnknown = await VerifyLogAsync(
            "--witness", ledger.A.VerifierKey, "--witness", ledger.B.VerifierKey, "--witness", ledger.Unknown.VerifierKey, "--quorum", "3");
        CliResult unknownAlone = await VerifyLogAsync("--witness", ledger.Unknown.VerifierKey, "--quorum", "1");

        Assert.True(both.ExitCode == 0, both.ToString());
        using (var json = JsonDocument.Parse(both.Stdout))
        {
            Assert.Equal(
                ["witness.example.org/a", "witness.example.org/b"],
                json.RootElement.GetProperty("witnesses").EnumerateArray().Select(w => w.GetProperty("name").GetString()).Order());
        }

        Assert.True(withUnknown.ExitCode == 1, withUnknown.ToString());
        Assert.Contains(ledger.Unknown.VerifierKey, withUnknown.Stderr, StringComparison.Ordinal);
        Assert.True(unknownAlone.ExitCode == 1, unknownAlone.ToString());

        // The dishonest witness was asked, its answers verified on nothing the log published, and none is served.
        Assert.True(ledger.Dishonest.Requests > 0, ledger.Server.RecentOutput());
        Assert.DoesNotContain(served.Signatures, s => s.Name == "witness.example.org/dishonest");
        Assert.Contains("Witness witness.example.org/dishonest did not cosign (InvalidCosignature)", ledger.Server.RecentOutput(), StringComparison.Ordinal);
        CliResult dishonest = await VerifyLogAsync("--witness", ledger.Dishonest.VerifierKey, "--quorum", "1");
        Assert.True(dishonest.ExitCode == 1, dishonest.ToString());
    }

    [Fact]
    public async Task A_stopped_witness_fails_quorum_2_naming_it_and_once_back_it_is_caught_up()
    {
        FundedProgram funded = await ledger.NewProgramAsync();
        await WaitForCosignedCheckpointAsync(await DisburseAsync(funded, $"before:{funded.Program}", 0) + 1, ledger.A.VerifierKey, ledger.B.VerifierKey);
        string[] both = ["--witness", ledger.A.VerifierKey, "--witness", ledger.B.VerifierKey];

        await ledger.StopWitnessAsync(1);
        try
        {
            ulong leaf = await DisburseAsync(funded, $"while-down:{funded.Program}", 1);
            await WaitForCosignedCheckpointAsync(leaf + 1, ledger.A.VerifierKey);
            CliResult quorum2 = await VerifyLogAsync([.. both, "--quorum", "2"]);
            CliResult quorum1 = await VerifyLogAsync([.. both, "--quorum", "1"]);

            Assert.True(quorum2.ExitCode == 1, quorum2.ToString());
            Assert.Contains(ledger.B.VerifierKey, quorum2.Stderr, StringComparison.Ordinal);
            Assert.Contains("no cosignature", quorum2.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(ledger.A.VerifierKey, quorum2.Stderr, StringComparison.Ordinal);
            Assert.True(quorum1.ExitCode == 0, quorum1.ToString());
            Assert.Contains($"Witness {WitnessedLedgerFixture.BName} did not cosign", ledger.Server.RecentOutput(), StringComparison.Ordinal);
        }
        finally
        {
            await ledger.StartWitnessAsync(1);
        }

        // Back on the same port with its state: the server's retries reach it, and it cosigns the checkpoint it missed.
        SignedNote caughtUp = await WaitForCosignedCheckpointAsync(0, ledger.A.VerifierKey, ledger.B.VerifierKey);
        CliResult again = await VerifyLogAsync([.. both, "--quorum", "2"]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(3, caughtUp.Signatures.Count);
    }

    [Fact]
    public async Task A_receipt_waits_for_the_quorum_and_carries_the_cosigned_checkpoint_that_verify_receipt_accepts()
    {
        FundedProgram funded = await ledger.NewProgramAsync();
        string id = $"receipt:{funded.Program}";
        await DisburseAsync(funded, id, 0);
        string receipt = ledger.Temp.File($"{funded.Program}.tlog-proof");

        CliResult downloaded = await OversightProcess.RunAsync(
            "receipt", "--server", ledger.ServerUrl, "--program", funded.Program, "--id", id, "--out", receipt,
            "--witness", ledger.A.VerifierKey, "--witness", ledger.B.VerifierKey, "--quorum", "2", "--timeout", "60", "--json");

        Assert.True(downloaded.ExitCode == 0, downloaded.ToString());
        using (var downloadedJson = JsonDocument.Parse(downloaded.Stdout))
        {
            Assert.Equal(2, downloadedJson.RootElement.GetProperty("witnesses").GetArrayLength());
        }

        TlogProof proof = TlogProof.Parse(await File.ReadAllBytesAsync(receipt, TestContext.Current.CancellationToken));
        Assert.Equal(3, SignedNote.Parse(proof.CheckpointNote.Span).Signatures.Count);
        JsonElement json = await ledger.Setup.GetJsonAsync($"api/programs/{funded.Program}/disbursements/{Uri.EscapeDataString(id)}");
        SignedNote jsonCheckpoint = SignedNote.Parse(Encoding.UTF8.GetBytes(json.GetProperty("checkpoint").GetString()!));
        Assert.Equal(proof.Index, json.GetProperty("leafIndex").GetUInt64());
        Assert.True(jsonCheckpoint.Signatures.Count >= 3, json.GetProperty("checkpoint").GetString());
        CliResult verified = await OversightProcess.RunAsync(
            "verify", "receipt", receipt, "--entry", receipt + ".entry.json", "--vkey", ledger.LogKey,
            "--witness", ledger.A.VerifierKey, "--witness", ledger.B.VerifierKey, "--quorum", "2");
        Assert.True(verified.ExitCode == 0, verified.ToString());
    }

    [Fact]
    public async Task A_receipt_that_never_reaches_the_quorum_gives_up_after_the_timeout_naming_the_missing_witness()
    {
        FundedProgram funded = await ledger.NewProgramAsync();
        string id = $"unwitnessed:{funded.Program}";
        await DisburseAsync(funded, id, 0);
        string receipt = ledger.Temp.File($"{funded.Program}-unwitnessed.tlog-proof");
        var clock = Stopwatch.StartNew();

        CliResult result = await OversightProcess.RunAsync(
            "receipt", "--server", ledger.ServerUrl, "--program", funded.Program, "--id", id, "--out", receipt,
            "--witness", ledger.A.VerifierKey, "--witness", ledger.Unknown.VerifierKey, "--quorum", "2", "--timeout", "3");
        CliResult badTimeout = await OversightProcess.RunAsync(
            "receipt", "--server", ledger.ServerUrl, "--program", funded.Program, "--id", id, "--out", receipt, "--witness", ledger.A.VerifierKey, "--timeout", "0");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("gave up after 3 s", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(ledger.Unknown.VerifierKey, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(ledger.A.VerifierKey, result.Stderr, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60));
        Assert.False(File.Exists(receipt));
        Assert.True(badTimeout.ExitCode == 2, badTimeout.ToString());
    }

    private async Task<ulong> DisburseAsync(FundedProgram funded, string id, int beneficiary)
    {
        CliResult disbursed = await OversightProcess.RunAsync(
            "disburse", "--server", ledger.ServerUrl, "--key", ledger.AgencyKey, "--program", funded.Program, "--id", id,
            "--budget", funded.Budget, "--beneficiary", funded.Beneficiaries[beneficiary], "--amount", "5.00", "--json");
        Assert.True(disbursed.ExitCode == 0, disbursed.ToString());
        return JsonDocument.Parse(disbursed.Stdout).RootElement.GetProperty("leafIndex").GetUInt64();
    }

    private Task<CliResult> VerifyLogAsync(params string[] args) =>
        OversightProcess.RunAsync(["verify", "log", "--log", ledger.LogUrl, "--vkey", ledger.LogKey, .. args]);

    /// <summary>Polls <c>/log/checkpoint</c> until it is of at least <paramref name="minSize"/> entries and carries valid cosignatures of every key given.</summary>
    private async Task<SignedNote> WaitForCosignedCheckpointAsync(ulong minSize, params string[] witnessKeys)
    {
        var quorum = new CosignatureQuorum(witnessKeys, witnessKeys.Length);
        var verifier = new NoteVerifier(ledger.LogKey);
        var clock = Stopwatch.StartNew();
        string last = string.Empty;
        while (clock.Elapsed < Patience)
        {
            last = await ledger.Setup.GetTextAsync("log/checkpoint");
            SignedCheckpoint served = SignedCheckpoint.Open(Encoding.UTF8.GetBytes(last), verifier);
            if (served.Checkpoint.Size >= minSize && quorum.IsMet(quorum.Check(served.Checkpoint, served.Note.Signatures)))
            {
                return served.Note;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"/log/checkpoint did not carry cosignatures of {string.Join(", ", witnessKeys)} at size ≥ {minSize} within {Patience}: {last}\n{ledger.Server.RecentOutput()}");
        throw new UnreachableException();
    }
}
