using System.Net;
using System.Text.Json;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// Issue 11, as a hostile participant would try it: refusals that tell no pseudonym, error bodies that name no .NET
/// type, request bodies that never reach the server's log files, client errors logged once without a stack trace,
/// roles by name only, and references normalised before they key anything.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class HostileInputTests(LedgerServerFixture fixture)
{
    private const string Json = "application/json";
    private const string RequestLogTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Malformed bodies for endpoints of several request types, each with the JSON field its detail must name.</summary>
    public static TheoryData<string, string, string, string> MalformedBodies => new()
    {
        { "freeze without a reason", "freeze", """{"requestId":"r-1"}""", "reason" },
        { "freeze with a null reason", "freeze", """{"reason":null,"requestId":"r-1"}""", "reason" },
        { "freeze with a number for the reason", "freeze", """{"reason":5,"requestId":"r-1"}""", "reason" },
        { "freeze with an unknown field", "freeze", """{"reason":"x","requestId":"r-1","colour":"red"}""", "colour" },
        { "freeze with a duplicate field", "freeze", """{"reason":"x","reason":"y","requestId":"r-1"}""", "reason" },
        { "freeze with an array for the finding", "freeze", """{"reason":"x","requestId":"r-1","finding":[1]}""", "finding" },
        { "tranche with a null benchmark", "tranches", """{"tranche":"t1","amount":"1.00","humanitarian":false,"benchmarks":["a",null]}""", "benchmarks[1]" },
        { "tranche with a string for a boolean", "tranches", """{"tranche":"t1","amount":"1.00","humanitarian":"no"}""", "humanitarian" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task An_error_body_names_the_JSON_field_and_no_dotnet_type(string name, string endpoint, string body, string field)
    {
        HttpClient admin = fixture.Admin;
        JsonElement problem = await ProblemAssert.RefusedAsync(
            fixture.Public, ct => admin.PostTextAsync($"api/budgets/no-such-budget/{endpoint}", body, Json, ct), [HttpStatusCode.BadRequest], null, Ct);

        string detail = problem.Text("detail");
        Assert.True(detail.Contains($"'{field}'", StringComparison.Ordinal), $"{name}: the detail does not name '{field}': {detail}");
        foreach (string dotnet in new[] { "OversightLedger.", "System.", ".NET", "nullability", "annotation", "constructor", "Path:", "LineNumber" })
        {
            Assert.False(problem.GetRawText().Contains(dotnet, StringComparison.Ordinal), $"{name}: the problem says '{dotnet}': {problem.GetRawText()}");
        }
    }

    [Fact]
    public async Task Malformed_bodies_never_reach_the_log_files_and_each_is_logged_once_without_a_stack_trace()
    {
        (_, _, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(1, "100.00", "100.00", Ct);
        string secret = "SECRET-REF-" + Guid.NewGuid().ToString("N");
        string[] bodies =
        [
            $$"""{"id":"leak-1","budget":"{{setup.Budget}}","beneficiary":"{{secret}}","amount":"5.00" """,
            $$"""{"id":"leak-2","budget":"{{setup.Budget}}","beneficiary":"{{secret}}","amount":5.00}""",
            $$"""{"id":"leak-3","budget":"{{setup.Budget}}","beneficiary":"{{secret}}\x","amount":"5.00"}""",
            $$"""{"id":"leak-4","budget":"{{setup.Budget}}","{{secret}}":"x","beneficiary":"b","amount":"5.00"}""",
            $$"""{"id":"leak-5","budget":"{{setup.Budget}}","beneficiary":"{{secret}}","beneficiary":"{{secret}}","amount":"5.00"}""",
            $$"""{"id":"leak-6","budget":"{{setup.Budget}}","beneficiary":["{{secret}}"],"amount":"5.00"}""",
        ];

        foreach (string body in bodies)
        {
            using HttpResponseMessage response = await agency.PostTextAsync($"api/programs/{setup.Program}/disbursements", body, Json, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            if (!body.Contains($"\"{secret}\":", StringComparison.Ordinal))
            {
                // Only an unknown field's name is told back (to its sender), never a value.
                Assert.DoesNotContain(secret, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }
        }

        // The request log line of each refusal is there (so the files hold everything written about them), once each.
        string path = $"/api/programs/{setup.Program}/disbursements";
        await ServerLogEvents.WaitForAsync(fixture.Server.DataDirectory, RequestLogTemplate, e => e.Property("RequestPath") == path && CountOf(fixture, path) >= bodies.Length, Ct);
        JsonElement[] aboutThem = [.. ServerLogEvents.Read(fixture.Server.DataDirectory).Where(e => e.Property("RequestPath") == path)];
        Assert.Equal(bodies.Length, aboutThem.Length);
        foreach (JsonElement logged in aboutThem)
        {
            Assert.Equal(RequestLogTemplate, logged.Property("@mt"));
            Assert.True(logged.Property("@l") is null or "Warning", $"Not at Information or Warning: {logged.GetRawText()}");
            Assert.False(logged.TryGetProperty("@x", out _), $"Logged with an exception: {logged.GetRawText()}");
            Assert.Equal(400, logged.GetProperty("StatusCode").GetInt32());
        }

        string files = string.Concat(Directory.GetFiles(Path.Combine(fixture.Server.DataDirectory, "logs")).Select(ReadShared));
        Assert.DoesNotContain(secret, files, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_refusal_tells_the_pseudonym_of_a_reference_not_enrolled_in_the_callers_program()
    {
        (_, _, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(1, "100.00", "100.00", Ct);
        (_, _, _, FundedProgram other) = await fixture.FundedProgramAsync(1, "100.00", "100.00", Ct);
        const string guess = "REF-000123";

        // A single disbursement to a reference the program never enrolled.
        JsonElement single = await ProblemAssert.RefusedAsync(
            fixture.Public,
            ct => agency.PostJsonAsync($"api/programs/{setup.Program}/disbursements", new { id = LedgerHttp.UniqueId("oracle"), budget = setup.Budget, beneficiary = guess, amount = "1.00" }, ct),
            [HttpStatusCode.UnprocessableEntity],
            ProblemAssert.TypeBase + "unknown-beneficiary",
            Ct);
        AssertNoPseudonym(single.GetRawText());

        // The same in a payment list, CSV and JSON: the row's message.
        foreach ((string body, string type) in new[]
        {
            ($"id,budget,beneficiary,amount\n{LedgerHttp.UniqueId("oracle")},{setup.Budget},{guess},1.00\n", "text/csv"),
            ($$"""[{"id":"{{LedgerHttp.UniqueId("oracle")}}","budget":"{{setup.Budget}}","beneficiary":"{{guess}}","amount":"1.00"}]""", Json),
        })
        {
            using HttpResponseMessage response = await agency.PostTextAsync($"api/programs/{setup.Program}/payment-lists", body, type, Ct);
            JsonElement report = await response.ExpectJsonAsync(HttpStatusCode.OK, Ct);
            Assert.Equal(1, report.GetProperty("rejected").GetInt32());
            Assert.Equal("unknown-beneficiary", report.GetProperty("results")[0].Text("code"));
            AssertNoPseudonym(report.GetRawText());
        }

        // Another agency's program: enrolment, disbursement and payment list of a reference enrolled there, and of one that is not.
        foreach (string reference in new[] { other.Beneficiaries[0], guess })
        {
            JsonElement enrol = await ProblemAssert.RefusedAsync(
                fixture.Public, ct => agency.PostJsonAsync($"api/programs/{other.Program}/beneficiaries", new { reference }, ct), HttpStatusCode.Forbidden, null, Ct);
            AssertNoPseudonym(enrol.GetRawText());
            JsonElement pay = await ProblemAssert.RefusedAsync(
                fixture.Public,
                ct => agency.PostJsonAsync($"api/programs/{other.Program}/disbursements", new { id = LedgerHttp.UniqueId("oracle"), budget = other.Budget, beneficiary = reference, amount = "1.00" }, ct),
                HttpStatusCode.Forbidden,
                null,
                Ct);
            AssertNoPseudonym(pay.GetRawText());
            JsonElement list = await ProblemAssert.RefusedAsync(
                fixture.Public,
                ct => agency.PostTextAsync($"api/programs/{other.Program}/payment-lists", $"id,budget,beneficiary,amount\n{LedgerHttp.UniqueId("oracle")},{other.Budget},{reference},1.00\n", "text/csv", ct),
                HttpStatusCode.Forbidden,
                null,
                Ct);
            AssertNoPseudonym(list.GetRawText());
        }
    }

    [Fact]
    public async Task A_role_given_by_number_makes_no_key()
    {
        int before = (await fixture.Admin.GetJsonAsync("api/keys", Ct)).GetArrayLength();
        foreach (string role in new[] { "0", "1", "2", "3", "Admin", " admin", "admin,donor" })
        {
            using HttpResponseMessage response = await fixture.Admin.PostJsonAsync("api/keys", new { role, principal = LedgerHttp.UniqueId("numbered") }, Ct);
            await ProblemAssert.IsProblemAsync(response, [HttpStatusCode.BadRequest], ProblemAssert.TypeBase + "validation", Ct);
        }

        Assert.Equal(before, (await fixture.Admin.GetJsonAsync("api/keys", Ct)).GetArrayLength());
    }

    [Fact]
    public async Task A_transfer_reference_with_surrounding_spaces_is_the_same_transfer()
    {
        (HttpClient donor, _, _, FundedProgram setup) = await fixture.FundedProgramAsync(1, "100.00", "100.00", Ct);
        JsonElement first = await donor.PostJsonAsync($"api/budgets/{setup.Budget}/funds", new { amount = "7.00", reference = "TRF-0042" }, Ct).ExpectCreatedAsync(Ct);
        ulong size = await fixture.Public.LogSizeAsync(Ct);

        // Padded, and with the "é" of a decomposed form: the same transfer after NFC and trimming, so the same entry.
        JsonElement padded = await donor.PostJsonAsync($"api/budgets/{setup.Budget}/funds", new { amount = "7.00", reference = "  TRF-0042 " }, Ct).ExpectCreatedAsync(Ct);
        Assert.Equal(first.GetProperty("leafIndex").GetUInt64(), padded.GetProperty("leafIndex").GetUInt64());
        Assert.Equal("TRF-0042", padded.GetProperty("entry").Text("reference"));
        JsonElement composed = await donor.PostJsonAsync($"api/budgets/{setup.Budget}/funds", new { amount = "7.00", reference = "TRF-caf\u00e9" }, Ct).ExpectCreatedAsync(Ct);
        JsonElement decomposed = await donor.PostJsonAsync($"api/budgets/{setup.Budget}/funds", new { amount = "7.00", reference = "TRF-cafe\u0301" }, Ct).ExpectCreatedAsync(Ct);
        Assert.Equal(composed.GetProperty("leafIndex").GetUInt64(), decomposed.GetProperty("leafIndex").GetUInt64());
        Assert.Equal(size + 1, await fixture.Public.LogSizeAsync(Ct));
    }

    [Fact]
    public async Task A_verification_dated_tomorrow_is_accepted_and_the_detail_states_the_tolerance_for_later_ones()
    {
        (HttpClient donor, HttpClient watchdog, _, FundedProgram setup) = await fixture.FundedProgramAsync(1, "100.00", "100.00", Ct);
        await donor.PostJsonAsync($"api/budgets/{setup.Budget}/tranches", new { tranche = "t2", amount = "1.00", humanitarian = false, benchmarks = new[] { "a", "b" } }, Ct)
            .ExpectCreatedAsync(Ct);
        DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);

        JsonElement refused = await ProblemAssert.RefusedAsync(
            fixture.Public,
            ct => watchdog.PostJsonAsync($"api/budgets/{setup.Budget}/tranches/t2/benchmarks/a/verifications", new { evidenceSha256 = LedgerHttp.EvidenceHash("a"), verifiedOn = today.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, ct),
            HttpStatusCode.UnprocessableEntity,
            ProblemAssert.TypeBase + "verification-in-future",
            Ct);
        Assert.Contains("at most 1 day after", refused.Text("detail"), StringComparison.Ordinal);

        // The server's clock is the machine's here; a verifier a day ahead of UTC is within the tolerance.
        await watchdog.PostJsonAsync(
            $"api/budgets/{setup.Budget}/tranches/t2/benchmarks/b/verifications",
            new { evidenceSha256 = LedgerHttp.EvidenceHash("b"), verifiedOn = today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
            Ct).ExpectCreatedAsync(Ct);
    }

    private static void AssertNoPseudonym(string text) =>
        Assert.False(text.Contains("ps_", StringComparison.Ordinal), $"A refusal tells a pseudonym: {text}");

    private static int CountOf(LedgerServerFixture fixture, string path) =>
        ServerLogEvents.Read(fixture.Server.DataDirectory).Count(e => e.Property("RequestPath") == path);

    private static string ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
