using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// A payment list is read into a spool, checked whole, then paid in chunks (<c>PaymentListImport</c>): lists of several
/// chunks keep their all-or-nothing checks, their row order and per-row results, their idempotency, and abuse of the
/// endpoint (bad bodies at the end of a long list, huge fields, numeric enums, others' ids, two posts at once) pays nothing
/// it should not.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class PaymentListChunkingTests(LedgerServerFixture fixture)
{
    private const string Csv = "text/csv";
    private const string Json = "application/json";

    /// <summary>More than the chunks in flight at once (4 × 2,000), so chunks are written while others are paid.</summary>
    private const int ManyChunks = 9_500;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_list_of_many_chunks_gets_one_result_per_row_in_order_and_the_same_report_when_sent_again()
    {
        (_, _, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(300, "100000.00", "1000.00", Ct);
        var expected = new (string Id, string Status, string? Code)[ManyChunks];
        var csv = new StringBuilder("id,budget,beneficiary,amount\n");
        for (int i = 0; i < ManyChunks; i++)
        {
            (string id, string budget, string beneficiary, string amount, string status, string? code) = i switch
            {
                // At and around the chunk edges: malformed rows (refused as read) and rows the program refuses.
                1_999 or 6_000 => (Row(i), setup.Budget, setup.Beneficiaries[i % 300], "1.001", "rejected", "invalid-request"),
                2_000 => ("bad id", setup.Budget, setup.Beneficiaries[i % 300], "1.00", "rejected", "invalid-request"),
                4_001 => (Row(i), "no-such-budget", setup.Beneficiaries[i % 300], "1.00", "rejected", "unknown-budget"),
                // Row 5's id in a later chunk: another disbursement is refused, the same one is row 5's receipt.
                8_000 => (Row(5), setup.Budget, setup.Beneficiaries[5 % 300], "2.00", "rejected", "duplicate"),
                8_001 => (Row(5), setup.Budget, setup.Beneficiaries[5 % 300], "1.00", "accepted", null),
                _ => (Row(i), setup.Budget, setup.Beneficiaries[i % 300], "1.00", "accepted", null),
            };
            csv.Append(CultureInfo.InvariantCulture, $"{id},{budget},{beneficiary},{amount}\n");
            expected[i] = (id, status, code);
        }

        // One row fewer is logged than accepted: row 8,002 is row 6's receipt again.
        int accepted = expected.Count(e => e.Status == "accepted");
        ulong before = await fixture.Public.LogSizeAsync(Ct);
        string first = await PostAsync(agency, setup.Program, csv.ToString(), Csv);
        ulong after = await fixture.Public.LogSizeAsync(Ct);

        using var document = JsonDocument.Parse(first);
        JsonElement report = document.RootElement;
        JsonElement[] results = [.. report.GetProperty("results").EnumerateArray()];
        Assert.Equal(ManyChunks, results.Length);
        var leaves = new Dictionary<ulong, int>();
        for (int i = 0; i < ManyChunks; i++)
        {
            JsonElement result = results[i];
            Assert.True(
                result.GetProperty("row").GetInt32() == i + 1 && result.Text("id") == expected[i].Id && result.Text("status") == expected[i].Status
                    && result.GetProperty("code").GetString() == expected[i].Code,
                $"Row {i + 1}: expected {expected[i]}, got {result.GetRawText()}");
            if (expected[i].Status == "accepted" && i != 8_001)
            {
                ulong leaf = result.GetProperty("leafIndex").GetUInt64();
                Assert.True(leaf >= before && leaf < after && leaves.TryAdd(leaf, i), $"Row {i + 1}: leaf {leaf} is not a new leaf in [{before}, {after}).");
            }
        }

        Assert.Equal((setup.Program, ManyChunks, accepted, ManyChunks - accepted), (report.Text("program"), report.GetProperty("rows").GetInt32(), report.GetProperty("accepted").GetInt32(), report.GetProperty("rejected").GetInt32()));
        Assert.Equal(["program", "rows", "accepted", "rejected", "results"], report.EnumerateObject().Select(p => p.Name));
        Assert.Equal(results[5].GetProperty("leafIndex").GetUInt64(), results[8_001].GetProperty("leafIndex").GetUInt64());
        Assert.Equal((ulong)(accepted - 1), after - before);

        // The same list again: the same result for every row, and nothing paid. Rows 8,001–8,002 (row 6's id again) too:
        // every id is read back from the log this time, and a program snapshot taken during those reads once let go of
        // row 6's facts before the later chunk was decided, so the log refused row 8,002 instead of the program answering
        // it with row 6's receipt.
        string again = await PostAsync(agency, setup.Program, csv.ToString(), Csv);
        using var againDocument = JsonDocument.Parse(again);
        JsonElement[] againResults = [.. againDocument.RootElement.GetProperty("results").EnumerateArray()];
        int differs = Enumerable.Range(0, ManyChunks).FirstOrDefault(i => results[i].GetRawText() != againResults[i].GetRawText(), -1);
        Assert.True(differs < 0, differs < 0 ? null : $"Row {differs + 1} the second time: {againResults[differs].GetRawText()}; the first time: {results[differs].GetRawText()}");
        Assert.Equal(ManyChunks, againResults.Length);
        Assert.Equal(after, await fixture.Public.LogSizeAsync(Ct));
        Assert.Equal(accepted - 1m, (await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).Amount("disbursed"));
    }

    [Fact]
    public async Task Two_posts_of_the_same_list_at_once_pay_each_row_once_and_give_the_same_receipts()
    {
        const int rows = 4_500;
        (_, _, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(100, "100000.00", "1000.00", Ct);
        string list = "[" + string.Join(',', Enumerable.Range(0, rows).Select(i =>
            $$"""{"id":"{{Row(i)}}","budget":"{{setup.Budget}}","beneficiary":"{{setup.Beneficiaries[i % 100]}}","amount":"2.00"}""")) + "]";
        ulong before = await fixture.Public.LogSizeAsync(Ct);

        string[] reports = await Task.WhenAll(PostAsync(agency, setup.Program, list, Json), PostAsync(agency, setup.Program, list, Json));

        Assert.Equal(before + rows, await fixture.Public.LogSizeAsync(Ct));
        using var one = JsonDocument.Parse(reports[0]);
        using var other = JsonDocument.Parse(reports[1]);
        Assert.Equal((rows, rows), (one.RootElement.GetProperty("accepted").GetInt32(), other.RootElement.GetProperty("accepted").GetInt32()));
        Assert.Equal(reports[0], reports[1]);
        Assert.Equal(rows * 2.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).Amount("disbursed"));
    }

    /// <summary>Bodies refused whole, many at the end of a list longer than a chunk: the first read sees them before anything is paid.</summary>
    public static TheoryData<string, string, string?, string?> RefusedWhole => new()
    {
        { "a CSV row with a missing field after 5,000 good rows", Csv, "CSV row 5001 has 3 fields; the header has 4.", null },
        { "a JSON list cut off after 5,000 good rows", Json, "The JSON payment list is not valid: The body is not well-formed JSON", null },
        { "a JSON null row after 5,000 good rows", Json, "Row 5001 of the JSON payment list is null; every row is an object.", null },
        { "a JSON amount as a number after 5,000 good rows", Json, "The field '[5000].amount' has a value of the wrong type", null },
        { "a JSON modality as a number (a numeric enum) after 5,000 good rows", Json, "The field '[5000].modality' has a value of the wrong type", null },
        { "100,001 CSV rows", Csv, "A payment list holds at most 100,000 rows.", null },
        { "an empty CSV body", Csv, "The CSV payment list is not valid", string.Empty },
        { "an empty JSON body", Json, "not well-formed JSON", string.Empty },
        { "a JSON null", Json, "The body must be a JSON array of rows.", "null" },
        { "a JSON object", Json, "The body must be a JSON array.", "{}" },
        { "an empty JSON array", Json, "The payment list has no rows.", "[]" },
        { "no content type", string.Empty, "Send the payment list as text/csv or application/json.", "id,budget,beneficiary,amount\n" },
        { "XML", "application/xml", "Send the payment list as text/csv or application/json.", "<rows/>" },
    };

    [Theory]
    [MemberData(nameof(RefusedWhole))]
    public async Task A_list_with_a_fault_anywhere_is_refused_whole_and_pays_nothing(string name, string contentType, string? detail, string? body)
    {
        (HttpClient agency, FundedProgram setup) = await fixture.SharedAsync("payment-list-chunking", async () =>
        {
            (_, _, HttpClient client, FundedProgram program) = await fixture.FundedProgramAsync(10, "100000.00", "100000.00", Ct);
            return Tuple.Create(client, program);
        });
        body ??= name switch
        {
            _ when name.StartsWith("a CSV row", StringComparison.Ordinal) => CsvList(setup, 5_000) + "x,y,z\n" + CsvList(setup, 10, header: false),
            _ when name.StartsWith("a JSON list cut off", StringComparison.Ordinal) => JsonList(setup, 5_000, "")[..^1] + ",{\"id\":",
            _ when name.StartsWith("a JSON null", StringComparison.Ordinal) => JsonList(setup, 5_000, "")[..^1] + ",null]",
            _ when name.Contains("amount as a number", StringComparison.Ordinal) => JsonList(setup, 5_000, "")[..^1] + $$""",{"id":"n","budget":"{{setup.Budget}}","beneficiary":"{{setup.Beneficiaries[0]}}","amount":5}]""",
            _ when name.Contains("modality", StringComparison.Ordinal) => JsonList(setup, 5_000, "")[..^1] + $$""",{"id":"n","budget":"{{setup.Budget}}","beneficiary":"{{setup.Beneficiaries[0]}}","amount":"5.00","modality":1}]""",
            _ => CsvList(setup, 100_001),
        };

        JsonElement problem = await ProblemAssert.RefusedAsync(fixture.Public, ct => PostRawAsync(agency, setup.Program, body, contentType, ct), HttpStatusCode.BadRequest, ProblemAssert.TypeBase + "validation", Ct);
        Assert.True(problem.Text("detail").Contains(detail!, StringComparison.Ordinal), $"{name}: {problem.GetRawText()}");
        Assert.Equal(0m, (await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).Amount("disbursed"));
    }

    [Fact]
    public async Task Huge_fields_and_another_agencys_ids_are_refused_and_pay_nothing_there()
    {
        (HttpClient donor, HttpClient watchdog, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(3, "1000.00", "1000.00", Ct);
        // Another donor's budget, which this program is not eligible on (its own program is).
        HttpClient otherAgency = await fixture.ClientAsync("agency", LedgerHttp.UniqueId("other-agency"), Ct);
        FundedProgram other = await FundedProgram.CreateAsync(donor, watchdog, otherAgency, 1, "1000.00", "1000.00", Ct);
        string huge = new('A', 1024 * 1024);

        // A 1 MiB CSV field is more than a row may hold: the list is refused whole, the field not quoted.
        JsonElement tooLarge = await ProblemAssert.RefusedAsync(
            fixture.Public,
            ct => agency.PostTextAsync($"api/programs/{setup.Program}/payment-lists", $"id,budget,beneficiary,amount\nh-0,{setup.Budget},{setup.Beneficiaries[0]},1.00\nh-1,{setup.Budget},{huge},1.00\n", Csv, ct),
            HttpStatusCode.BadRequest,
            ProblemAssert.TypeBase + "validation",
            Ct);
        Assert.Contains("was too large", tooLarge.Text("detail"), StringComparison.Ordinal);
        Assert.DoesNotContain("AAAAAAAA", tooLarge.GetRawText(), StringComparison.Ordinal);

        string csv = "id,budget,beneficiary,amount,modality,tranche\n"
            + $"h-1,{setup.Budget},{new string('A', 4_000)},1.00,,\n"  // a beneficiary reference far over its limit
            + $"h-2,{setup.Budget},{other.Beneficiaries[0]},1.00,,\n"  // a beneficiary enrolled only in another agency's program
            + $"h-3,{other.Budget},{setup.Beneficiaries[1]},1.00,,\n"   // another owner's budget
            + $"h-4,{setup.Budget},{setup.Beneficiaries[2]},1.00,,{other.Tranche}x\n" // a tranche the budget does not have
            + $"h-5,{setup.Budget},{setup.Beneficiaries[2]},1.00,,\n";
        ulong before = await fixture.Public.LogSizeAsync(Ct);

        using JsonDocument report = JsonDocument.Parse(await PostAsync(agency, setup.Program, csv, Csv));

        JsonElement[] results = [.. report.RootElement.GetProperty("results").EnumerateArray()];
        Assert.Equal(["rejected", "rejected", "rejected", "rejected", "accepted"], results.Select(r => r.Text("status")));
        Assert.Equal(("invalid-request", "unknown-beneficiary"), (results[0].Text("code"), results[1].Text("code")));
        Assert.DoesNotContain("AAAAAAAA", report.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(before + 1, await fixture.Public.LogSizeAsync(Ct));
        Assert.Equal(0m, (await fixture.Public.GetJsonAsync($"api/budgets/{other.Budget}", Ct)).Amount("disbursed"));

        // The same in JSON, with a 1 MiB id.
        string json = $$"""[{"id":"{{huge}}","budget":"{{setup.Budget}}","beneficiary":"{{setup.Beneficiaries[0]}}","amount":"1.00"}]""";
        using JsonDocument jsonReport = JsonDocument.Parse(await PostAsync(agency, setup.Program, json, Json));
        Assert.Equal("invalid-request", jsonReport.RootElement.GetProperty("results")[0].Text("code"));
        Assert.Equal(before + 1, await fixture.Public.LogSizeAsync(Ct));
    }

    /// <summary>POSTs the body with <paramref name="contentType"/> as it is, none when empty.</summary>
    private static Task<HttpResponseMessage> PostRawAsync(HttpClient agency, string program, string body, string contentType, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType.Length > 0)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        return agency.PostAsync(new Uri($"api/programs/{program}/payment-lists", UriKind.Relative), content, cancellationToken);
    }

    private static string Row(int i) => string.Create(CultureInfo.InvariantCulture, $"r-{i:D6}");

    private static string CsvList(FundedProgram setup, int rows, bool header = true)
    {
        var csv = new StringBuilder(header ? "id,budget,beneficiary,amount\n" : string.Empty);
        for (int i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Row(i)},{setup.Budget},{setup.Beneficiaries[i % setup.Beneficiaries.Count]},1.00\n");
        }

        return csv.ToString();
    }

    private static string JsonList(FundedProgram setup, int rows, string extra) =>
        "[" + string.Join(',', Enumerable.Range(0, rows).Select(i =>
            $$"""{"id":"{{Row(i)}}","budget":"{{setup.Budget}}","beneficiary":"{{setup.Beneficiaries[i % setup.Beneficiaries.Count]}}","amount":"1.00"{{extra}}}""")) + "]";

    private static async Task<string> PostAsync(HttpClient agency, string program, string body, string contentType)
    {
        using HttpResponseMessage response = await agency.PostTextAsync($"api/programs/{program}/payment-lists", body, contentType, Ct);
        string text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {LedgerHttp.Shorten(text)}");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return text;
    }
}
