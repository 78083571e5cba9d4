using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// Bad input gets a 4xx with RFC 9457 problem details (<c>application/problem+json</c> and a <c>type</c>) and
/// writes nothing: the log's size, the program's counts and the budget's balances are as they were.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class BadInputTests(LedgerServerFixture fixture)
{
    private const string Json = "application/json";
    private const string Csv = "text/csv";
    private const string Malformed = ProblemAssert.TypeBase + "malformed-request";
    private const string Validation = ProblemAssert.TypeBase + "validation";
    private const string InvalidRequest = ProblemAssert.TypeBase + "invalid-request";
    private const string TooLarge = ProblemAssert.TypeBase + "too-large";
    private static readonly HttpStatusCode[] BadRequest = [HttpStatusCode.BadRequest];
    private static readonly HttpStatusCode[] NotFound = [HttpStatusCode.NotFound];

    /// <summary>Each case: the call, the statuses it may get, and the problem type it must get (null: any).</summary>
    private static readonly Dictionary<string, (Func<Scenario, CancellationToken, Task<HttpResponseMessage>> Send, HttpStatusCode[] Statuses, string? Type)> Cases =
        new(StringComparer.Ordinal)
        {
            // A single disbursement.
            ["malformed JSON"] = (Disburse("""{"id":"bad-1","budget":"""), BadRequest, Malformed),
            ["JSON array instead of an object"] = (Disburse("""[1,2,3]"""), BadRequest, Malformed),
            ["amount as a JSON number"] = (Disburse("""{"id":"bad-1","budget":"{b}","beneficiary":"{r}","amount":25.00}"""), BadRequest, Malformed),
            ["amount missing"] = (Disburse("""{"id":"bad-1","budget":"{b}","beneficiary":"{r}"}"""), BadRequest, Validation),
            ["beneficiary missing"] = (Disburse("""{"id":"bad-1","budget":"{b}","amount":"5.00"}"""), BadRequest, Validation),
            ["id missing"] = (Disburse("""{"budget":"{b}","beneficiary":"{r}","amount":"5.00"}"""), BadRequest, Validation),
            ["empty body"] = ((s, ct) => s.Agency.PostAsync(Path($"api/programs/{s.Setup.Program}/disbursements"), new ByteArrayContent([]) { Headers = { ContentType = new MediaTypeHeaderValue(Json) } }, ct), BadRequest, Malformed),
            ["body not JSON (text/plain)"] = ((s, ct) => s.Agency.PostTextAsync($"api/programs/{s.Setup.Program}/disbursements", "id=1", "text/plain", ct), [HttpStatusCode.UnsupportedMediaType], null),
            ["invalid disbursement id"] = (Disburse("""{"id":"bad id!","budget":"{b}","beneficiary":"{r}","amount":"5.00"}"""), BadRequest, Validation),
            ["disbursement id of 65 characters"] = (Disburse($$"""{"id":"{{new string('a', 65)}}","budget":"{b}","beneficiary":"{r}","amount":"5.00"}"""), BadRequest, Validation),
            ["invalid budget id"] = (Disburse("""{"id":"bad-1","budget":"../b","beneficiary":"{r}","amount":"5.00"}"""), BadRequest, Validation),
            ["invalid tranche id"] = (Disburse("""{"id":"bad-1","budget":"{b}","tranche":"t 1","beneficiary":"{r}","amount":"5.00"}"""), BadRequest, Validation),
            ["amount with three decimals"] = (Disburse("""{"id":"bad-1","budget":"{b}","beneficiary":"{r}","amount":"5.001"}"""), BadRequest, InvalidRequest),
            ["amount in exponent notation"] = (Disburse("""{"id":"bad-1","budget":"{b}","beneficiary":"{r}","amount":"5e2"}"""), BadRequest, InvalidRequest),
            ["negative amount"] = (Disburse("""{"id":"bad-1","budget":"{b}","beneficiary":"{r}","amount":"-5.00"}"""), BadRequest, ProblemAssert.TypeBase + "invalid-amount"),
            ["unknown budget"] = (Disburse("""{"id":"bad-1","budget":"no-such-budget","beneficiary":"{r}","amount":"5.00"}"""), NotFound, ProblemAssert.TypeBase + "unknown-budget"),
            ["unknown program"] = ((s, ct) => s.Agency.PostJsonAsync("api/programs/no-such-program/disbursements", new { id = "bad-1", budget = s.Setup.Budget, beneficiary = s.Setup.Beneficiaries[0], amount = "5.00" }, ct), NotFound, ProblemAssert.TypeBase + "unknown-program"),
            ["unknown tranche"] = (Disburse("""{"id":"bad-1","budget":"{b}","tranche":"t9","beneficiary":"{r}","amount":"5.00"}"""), NotFound, ProblemAssert.TypeBase + "unknown-tranche"),

            // Budgets and programs.
            ["tranche with a string for a boolean"] = ((s, ct) => s.Donor.PostTextAsync($"api/budgets/{s.Setup.Budget}/tranches", """{"tranche":"t7","amount":"1.00","humanitarian":"yes"}""", Json, ct), BadRequest, Malformed),
            ["tranche with a string for the benchmark list"] = ((s, ct) => s.Donor.PostTextAsync($"api/budgets/{s.Setup.Budget}/tranches", """{"tranche":"t7","amount":"1.00","humanitarian":false,"benchmarks":"bm1"}""", Json, ct), BadRequest, Malformed),
            ["open budget with fields missing"] = ((s, ct) => s.Donor.PostTextAsync("api/budgets", """{"id":"bad-budget-1"}""", Json, ct), BadRequest, null),
            ["open budget with an invalid id"] = ((s, ct) => s.Donor.PostJsonAsync("api/budgets", OpenBudget("not a valid id", "USD", "10.00"), ct), BadRequest, Validation),
            ["open budget in an unknown currency"] = ((s, ct) => s.Donor.PostJsonAsync("api/budgets", OpenBudget("bad-budget-2", "XYZ", "10.00"), ct), BadRequest, InvalidRequest),
            ["pledge with decimals in JPY"] = ((s, ct) => s.Donor.PostJsonAsync("api/budgets", OpenBudget("bad-budget-3", "JPY", "10.5"), ct), BadRequest, InvalidRequest),
            ["funds with three decimals"] = ((s, ct) => s.Donor.PostJsonAsync($"api/budgets/{s.Setup.Budget}/funds", new { amount = "1.001", reference = "w" }, ct), BadRequest, InvalidRequest),
            ["funds to an unknown budget"] = ((s, ct) => s.Donor.PostJsonAsync("api/budgets/no-such-budget/funds", new { amount = "1.00", reference = "w" }, ct), NotFound, ProblemAssert.TypeBase + "unknown-budget"),
            ["release of an unknown tranche"] = ((s, ct) => s.Donor.PostJsonAsync($"api/budgets/{s.Setup.Budget}/tranches/t9/release", new { amount = "1.00" }, ct), NotFound, ProblemAssert.TypeBase + "unknown-tranche"),
            ["verification with a date that is not a date"] = ((s, ct) => s.Watchdog.PostTextAsync($"api/budgets/{s.Setup.Budget}/tranches/t1/benchmarks/bm1/verifications", """{"evidenceSha256":"ab","verifiedOn":"yesterday"}""", Json, ct), BadRequest, Malformed),
            ["verification with evidence that is not a SHA-256"] = ((s, ct) => s.Watchdog.PostJsonAsync($"api/budgets/{s.Setup.Budget}/tranches/t1/benchmarks/bm1/verifications", new { evidenceSha256 = "abc", verifiedOn = "2025-01-01" }, ct), BadRequest, InvalidRequest),
            ["program with a weekly period"] = ((s, ct) => s.Agency.PostJsonAsync("api/programs", new { id = "bad-program-1", currency = "USD", capPerPeriod = "10.00", period = "week" }, ct), BadRequest, ProblemAssert.TypeBase + "invalid-period"),
            ["enrolment without a reference"] = ((s, ct) => s.Agency.PostTextAsync($"api/programs/{s.Setup.Program}/beneficiaries", "{}", Json, ct), BadRequest, Validation),
            ["key with an unknown role"] = ((s, ct) => s.Admin.PostJsonAsync("api/keys", new { role = "king", principal = "x" }, ct), BadRequest, Validation),

            // Reads of what does not exist.
            ["receipt of an unknown disbursement"] = ((s, ct) => s.Agency.GetAsync(Path($"api/programs/{s.Setup.Program}/disbursements/no-such-disbursement"), ct), NotFound, ProblemAssert.TypeBase + "unknown-disbursement"),
            ["receipt of an invalid id"] = ((s, ct) => s.Agency.GetAsync(Path($"api/programs/{s.Setup.Program}/disbursements/bad%20id"), ct), NotFound, ProblemAssert.TypeBase + "unknown-disbursement"),
            ["receipt of an entry that is not a disbursement"] = ((s, ct) => s.Agency.GetAsync(Path($"api/programs/{s.Setup.Program}/disbursements/budget-opened%2F{s.Setup.Budget}"), ct), NotFound, ProblemAssert.TypeBase + "unknown-disbursement"),
            ["receipt under a program that does not exist"] = ((s, ct) => s.Agency.GetAsync(Path("api/programs/no-such-program/disbursements/d-1"), ct), NotFound, ProblemAssert.TypeBase + "unknown-disbursement"),
            ["unknown budget (GET)"] = ((s, ct) => s.Agency.GetAsync(Path("api/budgets/no-such-budget"), ct), NotFound, ProblemAssert.TypeBase + "unknown-budget"),
            ["unknown program (GET)"] = ((s, ct) => s.Agency.GetAsync(Path("api/programs/no-such-program"), ct), NotFound, ProblemAssert.TypeBase + "unknown-program"),

            // Payment lists.
            ["CSV without the amount column"] = (PaymentList("id,budget,beneficiary\nbad-1,{b},{r}\n", Csv), BadRequest, Validation),
            ["CSV with an unknown column"] = (PaymentList("id,budget,beneficiary,amount,colour\nbad-1,{b},{r},5.00,red\n", Csv), BadRequest, Validation),
            ["CSV with a short row"] = (PaymentList("id,budget,beneficiary,amount\nbad-1,{b},{r}\n", Csv), BadRequest, Validation),
            ["CSV with no rows"] = (PaymentList("id,budget,beneficiary,amount\n", Csv), BadRequest, Validation),
            ["payment list as text/plain"] = (PaymentList("id,budget,beneficiary,amount\nbad-1,{b},{r},5.00\n", "text/plain"), BadRequest, Validation),
            ["JSON payment list with an unknown field"] = (PaymentList("""[{"id":"bad-1","budget":"{b}","beneficiary":"{r}","amount":"5.00","colour":"red"}]""", Json), BadRequest, Validation),
            ["JSON payment list with an amount as a number"] = (PaymentList("""[{"id":"bad-1","budget":"{b}","beneficiary":"{r}","amount":5}]""", Json), BadRequest, Validation),
            ["payment list for an unknown program"] = ((s, ct) => s.Agency.PostTextAsync("api/programs/no-such-program/payment-lists", Fill(s, "id,budget,beneficiary,amount\nbad-1,{b},{r},5.00\n"), Csv, ct), NotFound, ProblemAssert.TypeBase + "unknown-program"),

            // Issue 11: inputs that were accepted or answered 500 (each of these failed on the code before the fix).
            ["JSON payment list with a null row"] = (PaymentList("[null]", Json), BadRequest, Validation),
            ["JSON payment list with a valid row and a null row"] = (PaymentList("""[{"id":"bad-1","budget":"{b}","beneficiary":"{r}","amount":"5.00"},null]""", Json), BadRequest, Validation),
            ["JSON payment list with a duplicate key"] = (PaymentList("""[{"id":"bad-1","budget":"{b}","beneficiary":"{r}","amount":"5.00","amount":"6.00"}]""", Json), BadRequest, Validation),
            ["disbursement with a duplicate key"] = (Disburse("""{"id":"bad-1","budget":"{b}","beneficiary":"{r}","amount":"5.00","amount":"6.00"}"""), BadRequest, Malformed),
            ["disbursement id ending in a line feed"] = (Disburse("""{"id":"bad-1\n","budget":"{b}","beneficiary":"{r}","amount":"5.00"}"""), BadRequest, Validation),
            ["beneficiary reference with a control character"] = (Disburse("""{"id":"bad-1","budget":"{b}","beneficiary":"{r}\u0007","amount":"5.00"}"""), BadRequest, Validation),
            ["beneficiary reference of 5,000 characters"] = (Disburse($$"""{"id":"bad-1","budget":"{b}","beneficiary":"{{new string('R', 5000)}}","amount":"5.00"}"""), BadRequest, Validation),
            ["enrolment with a reference of 5,000 characters"] = ((s, ct) => s.Agency.PostJsonAsync($"api/programs/{s.Setup.Program}/beneficiaries", new { reference = new string('R', 5000) }, ct), BadRequest, Validation),
            ["enrolment with a line break in the reference"] = ((s, ct) => s.Agency.PostJsonAsync($"api/programs/{s.Setup.Program}/beneficiaries", new { reference = "R-1\nR-2" }, ct), BadRequest, Validation),
            ["funds with a tab in the reference"] = ((s, ct) => s.Donor.PostJsonAsync($"api/budgets/{s.Setup.Budget}/funds", new { amount = "1.00", reference = "wire\t2" }, ct), BadRequest, Validation),
            ["funds with a reference of 5,000 characters"] = ((s, ct) => s.Donor.PostJsonAsync($"api/budgets/{s.Setup.Budget}/funds", new { amount = "1.00", reference = new string('W', 5000) }, ct), BadRequest, Validation),
            ["tranche with a null benchmark"] = ((s, ct) => s.Donor.PostTextAsync($"api/budgets/{s.Setup.Budget}/tranches", """{"tranche":"t7","amount":"1.00","humanitarian":false,"benchmarks":[null]}""", Json, ct), BadRequest, Malformed),
            ["budget with a null snap-back class"] = ((s, ct) => s.Donor.PostTextAsync("api/budgets", """{"id":"bad-budget-4","donor":"D","purpose":"72010","country":"SD","currency":"USD","pledged":"1.00","snapBackClasses":[null]}""", Json, ct), BadRequest, Malformed),
            ["exemption with a null sector"] = ((s, ct) => s.Donor.PostTextAsync($"api/budgets/{s.Setup.Budget}/exemptions", """{"exemption":"e1","sectors":[null],"modalities":["cash"],"maxAmount":"1.00","sunset":"2030-01-01T00:00:00Z"}""", Json, ct), BadRequest, Malformed),
            ["watchdog with a null budget"] = ((s, ct) => s.Watchdog.PostTextAsync("api/watchdogs", """{"id":"bad-watchdog-1","name":"W","budgets":[null]}""", Json, ct), BadRequest, Malformed),
            ["open budget in country XX"] = ((s, ct) => s.Donor.PostJsonAsync("api/budgets", new { id = "bad-budget-5", donor = "D", purpose = "72010", country = "XX", currency = "USD", pledged = "10.00" }, ct), BadRequest, InvalidRequest),
            ["open budget in a withdrawn country (AN)"] = ((s, ct) => s.Donor.PostJsonAsync("api/budgets", new { id = "bad-budget-6", donor = "D", purpose = "72010", country = "AN", currency = "USD", pledged = "10.00" }, ct), BadRequest, InvalidRequest),
            ["verification dated 2099-01-01"] = ((s, ct) => s.Watchdog.PostJsonAsync($"api/budgets/{s.Setup.Budget}/tranches/t2/benchmarks/bm2/verifications", new { evidenceSha256 = LedgerHttp.EvidenceHash("future"), verifiedOn = "2099-01-01" }, ct), [HttpStatusCode.UnprocessableEntity], ProblemAssert.TypeBase + "verification-in-future"),
            ["key with the role 0 (admin's number)"] = ((s, ct) => s.Admin.PostJsonAsync("api/keys", new { role = "0", principal = "x" }, ct), BadRequest, Validation),
            ["key with the role 3 (watchdog's number)"] = ((s, ct) => s.Admin.PostJsonAsync("api/keys", new { role = "3", principal = "x" }, ct), BadRequest, Validation),
            ["key with two roles"] = ((s, ct) => s.Admin.PostJsonAsync("api/keys", new { role = "donor,agency", principal = "x" }, ct), BadRequest, Validation),
            ["payment list to another agency's program, body malformed"] = ((s, ct) => s.OtherAgency.PostTextAsync($"api/programs/{s.Setup.Program}/payment-lists", "[{", Json, ct), [HttpStatusCode.Forbidden], ProblemAssert.TypeBase + "forbidden"),
            ["payment list to an unknown program, body malformed"] = ((s, ct) => s.Agency.PostTextAsync("api/programs/no-such-program/payment-lists", "[{", Json, ct), NotFound, ProblemAssert.TypeBase + "unknown-program"),
            ["request id with a slash"] = ((s, ct) => s.Donor.PostJsonAsync($"api/budgets/{s.Setup.Budget}/tranches", new { tranche = "t8", amount = "1.00", humanitarian = false, requestId = "funds-received/x/y" }, ct), BadRequest, Validation),
            ["request id of 65 characters"] = ((s, ct) => s.Agency.PostJsonAsync($"api/programs/{s.Setup.Program}/beneficiaries", new { reference = "ref-65", requestId = new string('r', 65) }, ct), BadRequest, Validation),
            ["watchdog name with a control character"] = ((s, ct) => s.Watchdog.PostTextAsync("api/watchdogs", """{"id":"bad-watchdog-2","name":"W\u0000atch"}""", Json, ct), BadRequest, Validation),
            ["watchdog name with a lone surrogate"] = ((s, ct) => s.Watchdog.PostTextAsync("api/watchdogs", """{"id":"bad-watchdog-3","name":"W\ud800"}""", Json, ct), BadRequest, Malformed),
            ["tile index beyond 2^64"] = ((s, ct) => s.Public.GetAsync(Path("log/tile/entries/x999/x999/x999/x999/x999/x999/999"), ct), NotFound, null),
            ["unknown report file type"] = ((s, ct) => s.Public.GetAsync(Path("reports/2026-Q1.pdf"), ct), NotFound, ProblemAssert.TypeBase + "unknown-report-file"),

            // Bodies over the limits: 64 MiB for payment lists, Kestrel's 30 MB for the rest.
            ["payment list over 64 MiB"] = ((s, ct) => PostHugeAsync(s.Agency, $"api/programs/{s.Setup.Program}/payment-lists", HugeCsv(s, (64L * 1024 * 1024) + 4096), ct), [HttpStatusCode.RequestEntityTooLarge], TooLarge),
            ["JSON disbursement over 30 MB"] = ((s, ct) => PostHugeAsync(s.Agency, $"api/programs/{s.Setup.Program}/disbursements", HugeJson(s, 31_000_000), ct), [HttpStatusCode.RequestEntityTooLarge], TooLarge),
        };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_is_a_problem_and_writes_nothing(string name)
    {
        Scenario scenario = await fixture.SharedAsync(nameof(BadInputTests), CreateScenarioAsync);
        (Func<Scenario, CancellationToken, Task<HttpResponseMessage>> send, HttpStatusCode[] statuses, string? type) = Cases[name];
        JsonElement programBefore = await fixture.Public.GetJsonAsync($"api/programs/{scenario.Setup.Program}", Ct);
        JsonElement budgetBefore = await fixture.Public.GetJsonAsync($"api/budgets/{scenario.Setup.Budget}", Ct);

        await ProblemAssert.RefusedAsync(fixture.Public, ct => send(scenario, ct), statuses, type, Ct);

        JsonElement programAfter = await fixture.Public.GetJsonAsync($"api/programs/{scenario.Setup.Program}", Ct);
        JsonElement budgetAfter = await fixture.Public.GetJsonAsync($"api/budgets/{scenario.Setup.Budget}", Ct);
        Assert.Equal(programBefore.GetRawText(), programAfter.GetRawText());
        Assert.Equal(budgetBefore.GetRawText(), budgetAfter.GetRawText());
        Assert.Equal(0m, budgetAfter.Amount("reserved"));
    }

    private async Task<Scenario> CreateScenarioAsync()
    {
        (HttpClient donor, HttpClient watchdog, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(2, "10000.00", "100.00", Ct);
        // A second tranche whose benchmark has no verification yet, for the future-dated verification.
        await donor.PostJsonAsync($"api/budgets/{setup.Budget}/tranches", new { tranche = "t2", amount = "1.00", humanitarian = false, benchmarks = new[] { "bm2" } }, Ct)
            .ExpectCreatedAsync(Ct);
        HttpClient otherAgency = await fixture.ClientAsync("agency", LedgerHttp.UniqueId("agency"), Ct);
        return new Scenario(donor, watchdog, agency, otherAgency, fixture.Admin, fixture.Public, setup);
    }

    private static Func<Scenario, CancellationToken, Task<HttpResponseMessage>> Disburse(string body) =>
        (s, ct) => s.Agency.PostTextAsync($"api/programs/{s.Setup.Program}/disbursements", Fill(s, body), Json, ct);

    private static Func<Scenario, CancellationToken, Task<HttpResponseMessage>> PaymentList(string body, string contentType) =>
        (s, ct) => s.Agency.PostTextAsync($"api/programs/{s.Setup.Program}/payment-lists", Fill(s, body), contentType, ct);

    private static object OpenBudget(string id, string currency, string pledged) =>
        new { id, donor = "D", purpose = "72010", country = "SD", currency, pledged };

    /// <summary>Puts the scenario's budget (<c>{b}</c>) and first beneficiary (<c>{r}</c>) into a body.</summary>
    private static string Fill(Scenario s, string body) => body.Replace("{b}", s.Setup.Budget, StringComparison.Ordinal).Replace("{r}", s.Setup.Beneficiaries[0], StringComparison.Ordinal);

    /// <summary>
    /// POSTs a body over the server's limit with <c>Expect: 100-continue</c>, as curl does for large bodies: the server
    /// answers from the headers (Content-Length), and the client does not keep writing into a connection that the server
    /// has already answered and closed (which .NET reports as a broken pipe instead of the response).
    /// </summary>
    private static async Task<HttpResponseMessage> PostHugeAsync(HttpClient client, string path, HttpContent content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path(path)) { Content = content };
        request.Headers.ExpectContinue = true;
        return await client.SendAsync(request, cancellationToken);
    }

    /// <summary>A valid CSV payment list of at least <paramref name="size"/> bytes.</summary>
    private static ByteArrayContent HugeCsv(Scenario s, long size)
    {
        var text = new StringBuilder("id,budget,beneficiary,amount\n", (int)size + 100);
        for (int i = 0; text.Length < size; i++)
        {
            text.Append("huge-").Append(i).Append(',').Append(s.Setup.Budget).Append(',').Append(s.Setup.Beneficiaries[0]).Append(",0.01\n");
        }

        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue(Csv);
        return content;
    }

    /// <summary>A valid-looking disbursement of at least <paramref name="size"/> bytes (a very long period).</summary>
    private static ByteArrayContent HugeJson(Scenario s, int size)
    {
        string body = Fill(s, $$"""{"id":"huge-1","budget":"{b}","beneficiary":"{r}","amount":"5.00","period":"{{new string('9', size)}}"}""");
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(Json);
        return content;
    }

    private static Uri Path(string path) => new(path, UriKind.Relative);

    /// <summary>The principals and the funded program every case runs against.</summary>
    private sealed record Scenario(HttpClient Donor, HttpClient Watchdog, HttpClient Agency, HttpClient OtherAgency, HttpClient Admin, HttpClient Public, FundedProgram Setup);
}
