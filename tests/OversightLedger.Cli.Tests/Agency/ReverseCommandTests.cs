using System.Text.Json;
using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests.Agency;

/// <summary>
/// <c>oversight reverse</c> and <c>oversight reconcile</c> against the real server: 0 recorded, 1 refused by a ledger
/// rule, 2 bad usage, a malformed file or a rejected key; the money comes back to the budget.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class ReverseCommandTests(AgencyLedgerFixture ledger)
{
    [Fact]
    public async Task A_reversal_exits_0_gives_the_money_back_and_a_replay_with_its_request_id_gives_the_same_leaf()
    {
        FundedProgram funded = await ledger.NewProgramAsync();
        await DisburseAsync(funded, "pay-1", 0, "80.00");

        CliResult reversed = await ReverseAsync(funded, "--id", "pay-1", "--amount", "30.00", "--reason", "returned", "--request-id", "rev-1");
        CliResult replayed = await ReverseAsync(funded, "--id", "pay-1", "--amount", "30.00", "--reason", "returned", "--request-id", "rev-1", "--json");

        Assert.True(reversed.ExitCode == 0, reversed.ToString());
        string[] lines = reversed.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal("recorded reversal of pay-1 (30.00 USD, returned)", lines[0]);
        Assert.Matches("^leaf index [0-9]+$", lines[1]);
        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        using var json = JsonDocument.Parse(replayed.Stdout);
        Assert.Equal(lines[1]["leaf index ".Length..], json.RootElement.GetProperty("leafIndex").GetUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Reversed", json.RootElement.GetProperty("entry").GetProperty("kind").GetString());
        Assert.Equal("50.00", (await ledger.Setup.GetJsonAsync($"api/budgets/{funded.Budget}")).GetProperty("disbursed").GetString());
        Assert.Equal("50.00", (await ledger.Setup.GetJsonAsync($"api/programs/{funded.Program}")).GetProperty("disbursed").GetString());
    }

    [Fact]
    public async Task More_than_is_left_an_unknown_payment_and_another_agencys_key_are_refused()
    {
        FundedProgram funded = await ledger.NewProgramAsync();
        await DisburseAsync(funded, "pay-1", 0, "40.00");

        CliResult tooMuch = await ReverseAsync(funded, "--id", "pay-1", "--amount", "40.01", "--reason", "failed");
        CliResult unknown = await ReverseAsync(funded, "--id", "pay-404", "--reason", "failed", "--json");
        CliResult intruder = await OversightProcess.RunAsync(
            "reverse", "--server", ledger.ServerUrl, "--key", ledger.OtherAgencyKey, "--program", funded.Program, "--id", "pay-1", "--reason", "failed");

        Assert.True(tooMuch.ExitCode == 1, tooMuch.ToString());
        Assert.StartsWith("refused: reversal-exceeds-paid: ", tooMuch.Stderr, StringComparison.Ordinal);
        Assert.True(unknown.ExitCode == 1, unknown.ToString());
        using (var json = JsonDocument.Parse(unknown.Stdout))
        {
            Assert.Equal(("unknown-disbursement", 404), (json.RootElement.GetProperty("code").GetString(), json.RootElement.GetProperty("status").GetInt32()));
        }

        Assert.True(intruder.ExitCode == 2, intruder.ToString());
        Assert.Contains("403 Forbidden", intruder.Stderr, StringComparison.Ordinal);
        Assert.Equal("40.00", (await ledger.Setup.GetJsonAsync($"api/budgets/{funded.Budget}")).GetProperty("disbursed").GetString());
    }

    [Theory]
    [InlineData("--reason", "bounced", "not a reason")]
    [InlineData("--reason", "1", "not a reason")]
    [InlineData("--amount", "-5", "not a positive decimal")]
    [InlineData("--amount", "0.00", "not a positive decimal")]
    [InlineData("--amount", "1e5", "not a positive decimal")]
    [InlineData("--id", "bad id", "--id")]
    [InlineData("--request-id", "a/b", "--request-id")]
    public async Task Bad_usage_exits_2_before_anything_is_sent(string option, string value, string mentioned)
    {
        List<string> args = ["reverse", "--server", ledger.ServerUrl, "--key", ledger.AgencyKey, "--program", "program-x"];
        foreach ((string o, string v) in new[] { ("--id", "pay-1"), ("--reason", "failed"), ("--amount", "1.00") })
        {
            if (o != option)
            {
                args.AddRange([o, v]);
            }
        }

        args.AddRange([option, value]);
        CliResult result = await OversightProcess.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(mentioned, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reconciliation_file_confirms_deliveries_and_reverses_failures_row_by_row_and_importing_it_again_records_nothing_twice()
    {
        FundedProgram funded = await ledger.NewProgramAsync();
        await DisburseAsync(funded, "pay-1", 0, "50.00");
        await DisburseAsync(funded, "pay-2", 1, "30.00");
        await DisburseAsync(funded, "pay-3", 2, "20.00");
        string file = ledger.Temp.File($"{funded.Program}.reconcile.csv");
        await File.WriteAllLinesAsync(file, ["id,status,amount", "pay-1,delivered,", "pay-2,failed,", "pay-3,returned,5.00", "pay-404,delivered,"], TestContext.Current.CancellationToken);

        CliResult first = await ReconcileAsync(funded, file);
        CliResult again = await ReconcileAsync(funded, file);

        Assert.True(first.ExitCode == 1, first.ToString());
        string[] lines = first.Stdout.TrimEnd('\n').Split('\n');
        Assert.Matches("^line 2 pay-1 delivered: recorded, leaf [0-9]+$", lines[0]);
        Assert.Matches("^line 3 pay-2 failed: recorded, leaf [0-9]+$", lines[1]);
        Assert.Matches("^line 4 pay-3 returned: recorded, leaf [0-9]+$", lines[2]);
        Assert.StartsWith("line 5 pay-404 delivered: refused, unknown-disbursement: ", lines[3], StringComparison.Ordinal);
        Assert.Equal("rows 4, recorded 3, refused 1", lines[4]);
        Assert.StartsWith("refused: 1 of 4 rows were refused", first.Stderr, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, again.Stdout);
        Assert.Equal("65.00", (await ledger.Setup.GetJsonAsync($"api/budgets/{funded.Budget}")).GetProperty("disbursed").GetString());
    }

    [Theory]
    [InlineData("id,state\npay-1,delivered\n", "header")]
    [InlineData("id,status\npay-1,lost\n", "the status 'lost'")]
    [InlineData("id,status,amount\npay-1,delivered,5.00\n", "a delivered row has no amount")]
    [InlineData("id,status,amount\npay-1,failed,-5\n", "not a positive decimal")]
    [InlineData("id,status,amount\n\"pay-1\",failed,\n", "without quotes")]
    [InlineData("id,status\npay-1,failed\npay-1,failed\n", "on an earlier line too")]
    [InlineData("id,status\n", "no rows")]
    public async Task A_malformed_reconciliation_file_exits_2_and_sends_nothing(string content, string mentioned)
    {
        FundedProgram funded = await ledger.NewProgramAsync();
        await DisburseAsync(funded, "pay-1", 0, "50.00");
        string file = ledger.Temp.File($"{funded.Program}.bad.csv");
        await File.WriteAllTextAsync(file, content, TestContext.Current.CancellationToken);

        CliResult result = await ReconcileAsync(funded, file);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(mentioned, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("50.00", (await ledger.Setup.GetJsonAsync($"api/budgets/{funded.Budget}")).GetProperty("disbursed").GetString());
    }

    private async Task DisburseAsync(FundedProgram funded, string id, int beneficiary, string amount)
    {
        CliResult paid = await OversightProcess.RunAsync(
            "disburse", "--server", ledger.ServerUrl, "--key", ledger.AgencyKey, "--program", funded.Program, "--id", id, "--budget", funded.Budget,
            "--beneficiary", funded.Beneficiaries[beneficiary], "--amount", amount);
        Assert.True(paid.ExitCode == 0, paid.ToString());
    }

    private Task<CliResult> ReverseAsync(FundedProgram funded, params string[] args) =>
        OversightProcess.RunAsync(["reverse", "--server", ledger.ServerUrl, "--key", ledger.AgencyKey, "--program", funded.Program, .. args]);

    private Task<CliResult> ReconcileAsync(FundedProgram funded, string file) =>
        OversightProcess.RunAsync("reconcile", file, "--server", ledger.ServerUrl, "--key", ledger.AgencyKey, "--program", funded.Program);
}
