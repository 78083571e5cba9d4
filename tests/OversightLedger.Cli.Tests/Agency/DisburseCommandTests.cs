using System.Text.Json;
using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests.Agency;

/// <summary><c>oversight disburse</c> against the real server: 0 recorded, 1 refused by a ledger rule, 2 bad usage or access.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class DisburseCommandTests(AgencyLedgerFixture ledger)
{
    [Fact]
    public async Task An_accepted_disbursement_exits_0_with_its_leaf_index_and_receipt_url()
    {
        FundedProgram funded = await ledger.NewProgramAsync();

        CliResult result = await DisburseAsync(funded, "pay-1", funded.Beneficiaries[0], "12.50", "--key", "@" + ledger.AgencyKeyFile);

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.StartsWith("recorded disbursement pay-1 (12.50 USD from " + funded.Budget + "/t1 for ", lines[0], StringComparison.Ordinal);
        Assert.Matches("^leaf index [0-9]+$", lines[1]);
        Assert.Equal($"receipt {ledger.ServerUrl}/api/programs/{funded.Program}/disbursements/pay-1", lines[2]);
        Assert.Empty(result.Stderr);

        // The receipt URL answers with the same leaf.
        JsonElement receipt = await ledger.Setup.GetJsonAsync($"api/programs/{funded.Program}/disbursements/pay-1");
        Assert.Equal(lines[1]["leaf index ".Length..], receipt.GetProperty("leafIndex").GetUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Json_output_has_the_leaf_the_receipt_and_the_entry_and_a_replay_gives_the_same_leaf()
    {
        FundedProgram funded = await ledger.NewProgramAsync();

        CliResult first = await DisburseAsync(funded, "pay-json", funded.Beneficiaries[1], "30.00", "--json", "--period", CurrentMonth(), "--modality", "mobile-money");
        CliResult replay = await DisburseAsync(funded, "pay-json", funded.Beneficiaries[1], "30.00", "--json", "--period", CurrentMonth(), "--modality", "mobile-money");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(replay.ExitCode == 0, replay.ToString());
        using var json = JsonDocument.Parse(first.Stdout);
        JsonElement root = json.RootElement;
        Assert.True(root.GetProperty("accepted").GetBoolean());
        Assert.Equal("pay-json", root.GetProperty("id").GetString());
        Assert.Equal($"disbursement/{funded.Program}/pay-json", root.GetProperty("entryId").GetString());
        Assert.Equal($"{ledger.ServerUrl}/api/programs/{funded.Program}/disbursements/pay-json", root.GetProperty("receipt").GetString());
        Assert.Equal($"{ledger.ServerUrl}/api/programs/{funded.Program}/disbursements/pay-json/receipt.tlog-proof", root.GetProperty("tlogProof").GetString());
        JsonElement entry = root.GetProperty("entry");
        Assert.Equal("Disbursed", entry.GetProperty("kind").GetString());
        Assert.Equal("30.00", entry.GetProperty("amount").GetString());
        Assert.Equal("mobile-money", entry.GetProperty("modality").GetString());
        Assert.Equal(CurrentMonth(), entry.GetProperty("period").GetString());
        Assert.StartsWith("ps_", entry.GetProperty("beneficiary").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(funded.Beneficiaries[1], first.Stdout, StringComparison.Ordinal);
        using var replayed = JsonDocument.Parse(replay.Stdout);
        Assert.Equal(root.GetProperty("leafIndex").GetUInt64(), replayed.RootElement.GetProperty("leafIndex").GetUInt64());

        JsonElement program = await ledger.Setup.GetJsonAsync($"api/programs/{funded.Program}");
        Assert.Equal("30.00", program.GetProperty("disbursed").GetString());
    }

    [Fact]
    public async Task A_payment_over_the_cap_is_refused_with_exit_1_and_the_rule_code()
    {
        FundedProgram funded = await ledger.NewProgramAsync(capPerMonth: "100.00");
        CliResult first = await DisburseAsync(funded, "cap-1", funded.Beneficiaries[0], "60.00");
        Assert.True(first.ExitCode == 0, first.ToString());

        CliResult refused = await DisburseAsync(funded, "cap-2", funded.Beneficiaries[0], "60.00");
        CliResult refusedJson = await DisburseAsync(funded, "cap-3", funded.Beneficiaries[0], "60.00", "--json");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Empty(refused.Stdout);
        Assert.StartsWith("refused: cap-exceeded: ", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("120.00 USD", refused.Stderr, StringComparison.Ordinal);
        Assert.Single(refused.Stderr.TrimEnd('\n').Split('\n'));

        Assert.True(refusedJson.ExitCode == 1, refusedJson.ToString());
        using var json = JsonDocument.Parse(refusedJson.Stdout);
        Assert.False(json.RootElement.GetProperty("accepted").GetBoolean());
        Assert.Equal("cap-3", json.RootElement.GetProperty("id").GetString());
        Assert.Equal(422, json.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("cap-exceeded", json.RootElement.GetProperty("code").GetString());

        // Nothing moved: only the first payment is disbursed.
        JsonElement budget = await ledger.Setup.GetJsonAsync($"api/budgets/{funded.Budget}");
        Assert.Equal("60.00", budget.GetProperty("disbursed").GetString());
        Assert.Equal("0.00", budget.GetProperty("reserved").GetString());
    }

    [Fact]
    public async Task An_unenrolled_beneficiary_is_refused_with_exit_1()
    {
        FundedProgram funded = await ledger.NewProgramAsync();

        CliResult result = await DisburseAsync(funded, "stranger-1", "not-enrolled-anywhere", "5.00");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("refused: unknown-beneficiary: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_exits_2_with_one_line()
    {
        FundedProgram funded = await ledger.NewProgramAsync();

        CliResult unknown = await DisburseAsync(funded, "key-1", funded.Beneficiaries[0], "5.00", "--key", "olk_this-key-was-never-issued-by-the-server");
        CliResult donor = await DisburseAsync(funded, "key-2", funded.Beneficiaries[0], "5.00", "--key", ledger.DonorKey);
        CliResult otherAgency = await DisburseAsync(funded, "key-3", funded.Beneficiaries[0], "5.00", "--key", ledger.OtherAgencyKey, "--json");

        AssertBadUsage(unknown, "401 Unauthorized");
        AssertBadUsage(donor, "403 Forbidden");
        AssertBadUsage(otherAgency, "403 Forbidden");
        using var json = JsonDocument.Parse(otherAgency.Stdout);
        Assert.Contains("403", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        JsonElement program = await ledger.Setup.GetJsonAsync($"api/programs/{funded.Program}");
        Assert.Equal(0, program.GetProperty("disbursements").GetInt32());
    }

    [Fact]
    public async Task Bad_usage_and_an_unreachable_server_exit_2()
    {
        FundedProgram funded = await ledger.NewProgramAsync();

        AssertBadUsage(await DisburseAsync(funded, "bad-1", funded.Beneficiaries[0], "12,50"), "--amount");
        AssertBadUsage(await DisburseAsync(funded, "bad-2", funded.Beneficiaries[0], "-1.00"), "--amount");
        AssertBadUsage(await DisburseAsync(funded, "bad id", funded.Beneficiaries[0], "1.00"), "--id");
        AssertBadUsage(await DisburseAsync(funded, "bad-3", funded.Beneficiaries[0], "1.00", "--period", "November"), "--period");
        AssertBadUsage(await DisburseAsync(funded, "bad-4", funded.Beneficiaries[0], "1.00", "--key", "@" + ledger.Temp.File("no-such.key")), "no-such.key");
        AssertBadUsage(
            await OversightProcess.RunAsync("disburse", "--server", "http://127.0.0.1:1", "--key", ledger.AgencyKey, "--program", funded.Program, "--id", "bad-5",
                "--budget", funded.Budget, "--beneficiary", funded.Beneficiaries[0], "--amount", "1.00"),
            "cannot reach the ledger server");
        AssertBadUsage(await OversightProcess.RunAsync("disburse", "--server", ledger.ServerUrl, "--key", ledger.AgencyKey, "--program", funded.Program), "--id");
    }

    private Task<CliResult> DisburseAsync(FundedProgram funded, string id, string beneficiary, string amount, params string[] extra)
    {
        List<string> args =
        [
            "disburse", "--server", ledger.ServerUrl, "--program", funded.Program, "--id", id, "--budget", funded.Budget,
            "--beneficiary", beneficiary, "--amount", amount, .. extra,
        ];
        if (!extra.Contains("--key"))
        {
            args.AddRange(["--key", ledger.AgencyKey]);
        }

        return OversightProcess.RunAsync(args);
    }

    private static void AssertBadUsage(CliResult result, string mentioned)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(mentioned, result.Stderr, StringComparison.Ordinal);
    }

    private static string CurrentMonth() => DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}
