using System.Text.Json;
using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests.Agency;

/// <summary><c>oversight receipt</c> downloads what <c>oversight verify receipt</c> checks offline.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class ReceiptCommandTests(AgencyLedgerFixture ledger)
{
    [Fact]
    public async Task A_downloaded_receipt_verifies_offline_against_the_logs_key()
    {
        FundedProgram funded = await ledger.NewProgramAsync();
        CliResult disbursed = await OversightProcess.RunAsync(
            "disburse", "--server", ledger.ServerUrl, "--key", ledger.AgencyKey, "--program", funded.Program, "--id", $"receipt:{funded.Program}",
            "--budget", funded.Budget, "--beneficiary", funded.Beneficiaries[0], "--amount", "8.00", "--json");
        Assert.True(disbursed.ExitCode == 0, disbursed.ToString());
        ulong leaf = JsonDocument.Parse(disbursed.Stdout).RootElement.GetProperty("leafIndex").GetUInt64();
        string receipt = ledger.Temp.File($"{funded.Program}.tlog-proof");

        CliResult downloaded = await OversightProcess.RunAsync("receipt", "--server", ledger.ServerUrl, "--program", funded.Program, "--id", $"receipt:{funded.Program}", "--out", receipt, "--json");

        Assert.True(downloaded.ExitCode == 0, downloaded.ToString());
        using (var json = JsonDocument.Parse(downloaded.Stdout))
        {
            Assert.Equal(leaf, json.RootElement.GetProperty("index").GetUInt64());
            Assert.Equal(receipt, json.RootElement.GetProperty("receipt").GetString());
            Assert.Equal(receipt + ".entry.json", json.RootElement.GetProperty("entry").GetString());
        }

        string verifierKey = (await ledger.Setup.GetTextAsync("log/key")).Trim();
        CliResult verified = await OversightProcess.RunAsync("verify", "receipt", receipt, "--entry", receipt + ".entry.json", "--vkey", verifierKey, "--json");
        Assert.True(verified.ExitCode == 0, verified.ToString());
        using (var json = JsonDocument.Parse(verified.Stdout))
        {
            Assert.True(json.RootElement.GetProperty("verified").GetBoolean());
            Assert.Equal(leaf, json.RootElement.GetProperty("index").GetUInt64());
        }

        // A receipt with another disbursement's entry does not verify.
        CliResult other = await OversightProcess.RunAsync(
            "disburse", "--server", ledger.ServerUrl, "--key", ledger.AgencyKey, "--program", funded.Program, "--id", $"other:{funded.Program}",
            "--budget", funded.Budget, "--beneficiary", funded.Beneficiaries[1], "--amount", "8.00");
        Assert.True(other.ExitCode == 0, other.ToString());
        string otherReceipt = ledger.Temp.File($"{funded.Program}-other.tlog-proof");
        Assert.Equal(0, (await OversightProcess.RunAsync("receipt", "--server", ledger.ServerUrl, "--program", funded.Program, "--id", $"other:{funded.Program}", "--out", otherReceipt)).ExitCode);
        CliResult mismatched = await OversightProcess.RunAsync("verify", "receipt", receipt, "--entry", otherReceipt + ".entry.json", "--vkey", verifierKey);
        Assert.True(mismatched.ExitCode == 1, mismatched.ToString());
    }

    [Fact]
    public async Task The_same_disbursement_id_in_two_programs_gives_each_programs_own_receipt()
    {
        FundedProgram[] programs = [await ledger.NewProgramAsync(), await ledger.NewProgramAsync()];
        foreach (FundedProgram funded in programs)
        {
            CliResult disbursed = await OversightProcess.RunAsync(
                "disburse", "--server", ledger.ServerUrl, "--key", ledger.AgencyKey, "--program", funded.Program, "--id", "same-1",
                "--budget", funded.Budget, "--beneficiary", funded.Beneficiaries[0], "--amount", "3.00");
            Assert.True(disbursed.ExitCode == 0, disbursed.ToString());
        }

        foreach (FundedProgram funded in programs)
        {
            string receipt = ledger.Temp.File($"same-1-{funded.Program}.tlog-proof");
            CliResult downloaded = await OversightProcess.RunAsync("receipt", "--server", ledger.ServerUrl, "--program", funded.Program, "--id", "same-1", "--out", receipt);
            Assert.True(downloaded.ExitCode == 0, downloaded.ToString());
            using var entry = JsonDocument.Parse(await File.ReadAllBytesAsync(receipt + ".entry.json", TestContext.Current.CancellationToken));
            Assert.Equal((funded.Program, $"disbursement/{funded.Program}/same-1"), (entry.RootElement.GetProperty("program").GetString(), entry.RootElement.GetProperty("id").GetString()));
        }
    }

    [Fact]
    public async Task Without_out_the_receipt_is_named_after_the_id_in_the_current_folder()
    {
        FundedProgram funded = await ledger.NewProgramAsync();
        Assert.Equal(0, (await OversightProcess.RunAsync(
            "disburse", "--server", ledger.ServerUrl, "--key", ledger.AgencyKey, "--program", funded.Program, "--id", $"named:{funded.Program}",
            "--budget", funded.Budget, "--beneficiary", funded.Beneficiaries[0], "--amount", "1.00")).ExitCode);
        string folder = Directory.CreateDirectory(ledger.Temp.File($"cwd-{funded.Program}")).FullName;

        CliResult result = await OversightProcess.RunAsync(["receipt", "--server", ledger.ServerUrl, "--program", funded.Program, "--id", $"named:{funded.Program}"], workingDirectory: folder);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(folder, $"named_{funded.Program}.tlog-proof")));
        Assert.True(File.Exists(Path.Combine(folder, $"named_{funded.Program}.tlog-proof.entry.json")));
        Assert.Contains("oversight verify receipt", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_disbursement_or_server_exits_2()
    {
        FundedProgram funded = await ledger.NewProgramAsync();
        CliResult unknown = await OversightProcess.RunAsync("receipt", "--server", ledger.ServerUrl, "--program", funded.Program, "--id", "never-disbursed", "--out", ledger.Temp.File("never.tlog-proof"));
        CliResult unreachable = await OversightProcess.RunAsync("receipt", "--server", "http://127.0.0.1:1", "--program", "p", "--id", "x", "--out", ledger.Temp.File("x.tlog-proof"));
        CliResult notUrl = await OversightProcess.RunAsync("receipt", "--server", "ledger.example.org", "--program", "p", "--id", "x");

        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("404", unknown.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(ledger.Temp.File("never.tlog-proof")));
        Assert.True(unreachable.ExitCode == 2, unreachable.ToString());
        Assert.True(notUrl.ExitCode == 2, notUrl.ToString());
        Assert.Contains("not an http:// or https:// URL", notUrl.Stderr, StringComparison.Ordinal);
    }
}
