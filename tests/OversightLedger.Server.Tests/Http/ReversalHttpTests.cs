using System.Net;
using System.Text.Json;
using OversightLedger.Domain.Entries;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// Issue 15, item 5 on a real server: <c>POST /api/programs/{program}/disbursements/{id}/reversal</c> and <c>…/delivery</c>
/// give money back and record deliveries for the agency that paid, and refuse everyone and everything else with a
/// problem that leaves the log as it was.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class ReversalHttpTests(LedgerServerFixture fixture)
{
    private const string Json = "application/json";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reversal_gives_the_money_back_so_payments_refused_for_funds_and_for_the_cap_then_go_through()
    {
        (_, _, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(2, "170.00", "100.00", Ct);
        await PayAsync(agency, setup, "d-1", 0, "100.00");
        await PayAsync(agency, setup, "d-2", 1, "50.00");
        await ProblemAssert.RefusedAsync(fixture.Public, ct => Pay(agency, setup, "d-3", 1, "30.00", ct), HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "insufficient-released-funds", Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => Pay(agency, setup, "d-4", 0, "10.00", ct), HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "cap-exceeded", Ct);

        JsonElement reversed = await agency.PostJsonAsync(Reversal(setup, "d-1"), new { amount = "60.00", reason = "returned", requestId = "rev-1" }, Ct).ExpectCreatedAsync(Ct);

        Assert.Equal("Reversed", reversed.GetProperty("entry").Text("kind"));
        Assert.Equal(EntryIds.Disbursement(setup.Program, "d-1"), reversed.GetProperty("entry").Text("disbursement"));
        Assert.Equal(("60.00", "returned"), (reversed.GetProperty("entry").Text("amount"), reversed.GetProperty("entry").Text("reason")));
        Assert.Equal(80.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).Amount("available"));
        await PayAsync(agency, setup, "d-3", 1, "30.00");
        await PayAsync(agency, setup, "d-4", 0, "10.00");
        Assert.Equal(130.00m, (await fixture.Public.GetJsonAsync($"api/programs/{setup.Program}", Ct)).Amount("disbursed"));
        Assert.Equal(40.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).Amount("available"));
    }

    [Fact]
    public async Task A_request_id_replays_its_reversal_and_partial_reversals_stop_at_the_amount_paid()
    {
        (_, _, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        await PayAsync(agency, setup, "d-1", 0, "50.00");
        JsonElement first = await agency.PostJsonAsync(Reversal(setup, "d-1"), new { amount = "20.00", reason = "failed", requestId = "r-1" }, Ct).ExpectCreatedAsync(Ct);

        JsonElement again = await agency.PostJsonAsync(Reversal(setup, "d-1"), new { amount = "20.00", reason = "failed", requestId = "r-1" }, Ct).ExpectCreatedAsync(Ct);

        Assert.Equal(first.GetProperty("leafIndex").GetUInt64(), again.GetProperty("leafIndex").GetUInt64());
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync(Reversal(setup, "d-1"), new { amount = "25.00", reason = "failed", requestId = "r-1" }, ct), HttpStatusCode.Conflict, ProblemAssert.TypeBase + "duplicate", Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync(Reversal(setup, "d-1"), new { amount = "30.01", reason = "recovered", requestId = "r-2" }, ct), HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "reversal-exceeds-paid", Ct);
        await agency.PostJsonAsync(Reversal(setup, "d-1"), new { reason = "recovered" }, Ct).ExpectCreatedAsync(Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync(Reversal(setup, "d-1"), new { amount = "0.01", reason = "returned", requestId = "r-3" }, ct), HttpStatusCode.Conflict, ProblemAssert.TypeBase + "already-reversed", Ct);
        Assert.Equal(1000.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).Amount("available"));
    }

    [Fact]
    public async Task Another_agency_gets_the_same_refusal_for_a_payment_that_exists_and_one_that_does_not()
    {
        (_, _, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        await PayAsync(agency, setup, "d-1", 0, "50.00");
        HttpClient intruder = await fixture.ClientAsync("agency", LedgerHttp.UniqueId("agency"), Ct);
        HttpClient donor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);

        JsonElement known = await ProblemAssert.RefusedAsync(fixture.Public, ct => intruder.PostJsonAsync(Reversal(setup, "d-1"), new { amount = "1.00", reason = "failed" }, ct), HttpStatusCode.Forbidden, ProblemAssert.TypeBase + "forbidden", Ct);
        JsonElement unknown = await ProblemAssert.RefusedAsync(fixture.Public, ct => intruder.PostJsonAsync(Reversal(setup, "d-404"), new { amount = "1.00", reason = "failed" }, ct), HttpStatusCode.Forbidden, ProblemAssert.TypeBase + "forbidden", Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => intruder.PostJsonAsync(Delivery(setup, "d-1"), new { }, ct), HttpStatusCode.Forbidden, ProblemAssert.TypeBase + "forbidden", Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => donor.PostJsonAsync(Reversal(setup, "d-1"), new { reason = "failed" }, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => fixture.Public.PostJsonAsync(Reversal(setup, "d-1"), new { reason = "failed" }, ct), HttpStatusCode.Unauthorized, null, Ct);

        Assert.Equal(known.Text("detail"), unknown.Text("detail"));
        Assert.DoesNotContain("d-1", known.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(950.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).Amount("available"));
    }

    public static TheoryData<string, string, int, string?> BadReversals => new()
    {
        { "unknown disbursement", """{"reason":"failed"}""", 404, "unknown-disbursement" },
        { "reason as a number", """{"reason":1,"amount":"1.00"}""", 400, "malformed-request" },
        { "reason as a numeric string", """{"reason":"1","amount":"1.00"}""", 400, "validation" },
        { "unknown reason", """{"reason":"bounced","amount":"1.00"}""", 400, "validation" },
        { "reason in another case", """{"reason":"Returned","amount":"1.00"}""", 400, "validation" },
        { "reason missing", """{"amount":"1.00"}""", 400, null },
        { "reason null", """{"reason":null,"amount":"1.00"}""", 400, null },
        { "amount as a JSON number", """{"reason":"failed","amount":1.00}""", 400, "malformed-request" },
        { "zero amount", """{"reason":"failed","amount":"0.00"}""", 400, "invalid-amount" },
        { "negative amount", """{"reason":"failed","amount":"-1.00"}""", 400, "invalid-amount" },
        { "empty amount", """{"reason":"failed","amount":" "}""", 400, "validation" },
        { "amount with three decimals", """{"reason":"failed","amount":"1.001"}""", 400, "invalid-request" },
        { "huge amount", """{"reason":"failed","amount":"99999999999999999999999999999999999999.00"}""", 400, "invalid-request" },
        { "large amount above what was paid", """{"reason":"failed","amount":"92233720368547758.07"}""", 422, "reversal-exceeds-paid" },
        { "duplicate key", """{"reason":"failed","reason":"returned","amount":"1.00"}""", 400, null },
        { "unknown field", """{"reason":"failed","amount":"1.00","beneficiary":"x"}""", 400, null },
        { "request id with a slash", """{"reason":"failed","amount":"1.00","requestId":"a/b"}""", 400, "validation" },
        { "null body", "null", 400, null },
        { "array body", "[]", 400, "malformed-request" },
    };

    [Theory]
    [MemberData(nameof(BadReversals))]
    public async Task A_bad_reversal_is_refused_with_a_problem_and_changes_nothing(string name, string body, int status, string? type)
    {
        (HttpClient agency, FundedProgram setup) = await fixture.SharedAsync("reversal-bad-input", async () =>
        {
            (_, _, HttpClient a, FundedProgram s) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
            await PayAsync(a, s, "d-1", 0, "50.00");
            return Tuple.Create(a, s);
        }).ContinueWith(t => (t.Result.Item1, t.Result.Item2), TaskScheduler.Default);
        string id = name == "unknown disbursement" ? "d-404" : "d-1";

        JsonElement problem = await ProblemAssert.RefusedAsync(
            fixture.Public, ct => agency.PostTextAsync(Reversal(setup, id), body, Json, ct), (HttpStatusCode)status, type is null ? null : ProblemAssert.TypeBase + type, Ct);

        Assert.DoesNotContain("   at ", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(950.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).Amount("available"));
    }

    [Fact]
    public async Task Two_reversals_of_the_full_amount_at_once_one_wins()
    {
        (_, _, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        await PayAsync(agency, setup, "d-1", 0, "80.00");

        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            agency.PostJsonAsync(Reversal(setup, "d-1"), new { amount = "80.00", reason = "returned", requestId = $"race-{i}" }, Ct)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1000.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).Amount("available"));
    }

    [Fact]
    public async Task A_delivery_is_logged_once_a_delivered_payment_can_be_returned_and_nothing_is_delivered_after_a_full_reversal()
    {
        (_, _, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(2, "1000.00", "100.00", Ct);
        await PayAsync(agency, setup, "d-1", 0, "50.00");
        await PayAsync(agency, setup, "d-2", 1, "40.00");

        JsonElement delivered = await agency.PostAsync(new Uri(Delivery(setup, "d-1"), UriKind.Relative), null, Ct).ContinueWith(t => t.Result, TaskScheduler.Default).ExpectCreatedAsync(Ct);
        JsonElement replayed = await agency.PostJsonAsync(Delivery(setup, "d-1"), new { }, Ct).ExpectCreatedAsync(Ct);

        Assert.Equal("Delivered", delivered.GetProperty("entry").Text("kind"));
        Assert.Equal(EntryIds.Delivered(setup.Program, "d-1"), delivered.Text("entryId"));
        Assert.Equal(delivered.GetProperty("leafIndex").GetUInt64(), replayed.GetProperty("leafIndex").GetUInt64());
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync(Delivery(setup, "d-1"), new { requestId = "del-again" }, ct), HttpStatusCode.Conflict, ProblemAssert.TypeBase + "already-delivered", Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync(Reversal(setup, "d-1"), new { reason = "failed" }, ct), HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "delivered-not-failed", Ct);
        await agency.PostJsonAsync(Reversal(setup, "d-1"), new { reason = "returned", amount = "50.00" }, Ct).ExpectCreatedAsync(Ct);

        await agency.PostJsonAsync(Reversal(setup, "d-2"), new { reason = "failed" }, Ct).ExpectCreatedAsync(Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync(Delivery(setup, "d-2"), new { }, ct), HttpStatusCode.Conflict, ProblemAssert.TypeBase + "already-reversed", Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync(Delivery(setup, "d-404"), new { }, ct), HttpStatusCode.NotFound, ProblemAssert.TypeBase + "unknown-disbursement", Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostTextAsync(Delivery(setup, "d-2"), """{"requestId":"a","requestId":"b"}""", Json, ct), HttpStatusCode.BadRequest, null, Ct);
        Assert.Equal(1000.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).Amount("available"));
    }

    [Fact]
    public async Task The_watchdogs_reversals_rule_finds_a_period_with_many_reversals_made_through_the_api()
    {
        (_, HttpClient watchdog, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(10, "2000.00", "200.00", Ct);
        for (int i = 0; i < 10; i++)
        {
            await PayAsync(agency, setup, $"d-{i}", i, "200.00");
        }

        var reversalLeaves = new List<long>();
        foreach (string id in new[] { "d-0", "d-1", "d-2" })
        {
            JsonElement reversed = await agency.PostJsonAsync(Reversal(setup, id), new { reason = "failed" }, Ct).ExpectCreatedAsync(Ct);
            reversalLeaves.Add(reversed.GetProperty("leafIndex").GetInt64());
        }

        string watch = LedgerHttp.UniqueId("wd");
        await watchdog.PostJsonAsync("api/watchdogs", new { id = watch, name = "Reversal Watch", budgets = new[] { setup.Budget } }, Ct).ExpectCreatedAsync(Ct);
        await (await watchdog.PostAsync(new Uri($"api/watchdogs/{watch}/scan", UriKind.Relative), null, Ct)).ExpectJsonAsync(HttpStatusCode.OK, Ct);

        JsonElement finding = Assert.Single((await fixture.Public.GetJsonAsync($"api/watchdogs/{watch}/findings", Ct)).EnumerateArray(), f => f.Text("class") == "reversals");
        long[] leaves = [.. finding.GetProperty("leaves").EnumerateArray().Select(l => l.GetInt64())];
        Assert.All(reversalLeaves, leaf => Assert.Contains(leaf, leaves));
        Assert.Contains(setup.Program, finding.Text("summary"), StringComparison.Ordinal);
    }

    private static string Reversal(FundedProgram setup, string id) => $"api/programs/{setup.Program}/disbursements/{id}/reversal";

    private static string Delivery(FundedProgram setup, string id) => $"api/programs/{setup.Program}/disbursements/{id}/delivery";

    private static Task<HttpResponseMessage> Pay(HttpClient agency, FundedProgram setup, string id, int beneficiary, string amount, CancellationToken cancellationToken) =>
        agency.PostJsonAsync($"api/programs/{setup.Program}/disbursements", new { id, budget = setup.Budget, beneficiary = setup.Beneficiaries[beneficiary], amount }, cancellationToken);

    private static Task<JsonElement> PayAsync(HttpClient agency, FundedProgram setup, string id, int beneficiary, string amount) =>
        Pay(agency, setup, id, beneficiary, amount, Ct).ExpectCreatedAsync(Ct);
}
