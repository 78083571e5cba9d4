using System.Net;
using System.Text.Json;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// Issue 15 item 1 on a real server: a tranche whose benchmark has an indicator, a target and a two-group rule is
/// released after a domestic auditor and an international body verify it; a dispute blocks the release until the owner
/// decides; everyone else and every malformed request gets a problem and leaves the log as it was.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class BenchmarkIndicatorHttpTests(LedgerServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Setup(string Budget, HttpClient Donor, HttpClient Domestic, string DomesticId, HttpClient International, string InternationalId);

    private async Task<Setup> SetUpAsync()
    {
        string budget = LedgerHttp.UniqueId("b");
        string donorId = LedgerHttp.UniqueId("donor");
        HttpClient donor = await fixture.ClientAsync("donor", donorId, Ct);
        string domesticId = LedgerHttp.UniqueId("auditor");
        string internationalId = LedgerHttp.UniqueId("panel");
        HttpClient domestic = await fixture.ClientAsync("watchdog", domesticId, Ct);
        HttpClient international = await fixture.ClientAsync("watchdog", internationalId, Ct);
        await donor.PostJsonAsync("api/budgets", new { id = budget, donor = "Test Donor", purpose = "72010", country = "SD", currency = "USD", pledged = "1000.00" }, Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{budget}/funds", new { amount = "1000.00", reference = "wire-1" }, Ct).ExpectCreatedAsync(Ct);
        JsonElement added = await donor.PostJsonAsync($"api/budgets/{budget}/tranches", new
        {
            tranche = "t1",
            amount = "600.00",
            humanitarian = false,
            benchmarkDefinitions = new[]
            {
                new
                {
                    benchmark = "detainees", indicator = "share of listed detainees released", unit = "percent", baseline = "10", target = "80",
                    direction = "at-least", dueOn = Today, requiredVerifications = 2, requiredGroups = 2,
                },
            },
        }, Ct).ExpectCreatedAsync(Ct);
        Assert.Equal(["detainees"], added.GetProperty("entry").GetProperty("benchmarks").EnumerateArray().Select(e => e.GetString()));
        await donor.PostJsonAsync($"api/budgets/{budget}/verifiers", new { verifier = domesticId, group = "domestic" }, Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{budget}/verifiers", new { verifier = internationalId, group = "international" }, Ct).ExpectCreatedAsync(Ct);
        return new Setup(budget, donor, domestic, domesticId, international, internationalId);
    }

    private static Task<HttpResponseMessage> Verify(Setup s, HttpClient verifier, string? value, CancellationToken ct, string? verifiedOn = null) =>
        verifier.PostJsonAsync(
            $"api/budgets/{s.Budget}/tranches/t1/benchmarks/detainees/verifications",
            value is null
                ? new { evidenceSha256 = LedgerHttp.EvidenceHash("report"), verifiedOn = verifiedOn ?? Today }
                : new { evidenceSha256 = LedgerHttp.EvidenceHash("report"), verifiedOn = verifiedOn ?? Today, value },
            ct);

    private static Task<HttpResponseMessage> Release(Setup s, CancellationToken ct) =>
        s.Donor.PostJsonAsync($"api/budgets/{s.Budget}/tranches/t1/release", new { amount = "600.00" }, ct);

    private async Task<JsonElement> DetaineesAsync(Setup s)
    {
        JsonElement budget = await fixture.Public.GetJsonAsync($"api/budgets/{s.Budget}", Ct);
        JsonElement tranche = budget.GetProperty("tranches").EnumerateArray().Single(t => t.Text("tranche") == "t1");
        return tranche.GetProperty("benchmarkDetails").EnumerateArray().Single(b => b.Text("benchmark") == "detainees");
    }

    [Fact]
    public async Task A_two_group_verification_releases_the_tranche_and_the_budget_shows_indicator_values_and_status()
    {
        Setup s = await SetUpAsync();

        await Verify(s, s.Domestic, "82.50", Ct).ExpectCreatedAsync(Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => Release(s, ct), HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "benchmark-not-verified", Ct);
        JsonElement second = await Verify(s, s.International, "81", Ct).ExpectCreatedAsync(Ct);
        JsonElement again = await Verify(s, s.International, "81.000", Ct).ExpectCreatedAsync(Ct);
        await Release(s, Ct).ExpectCreatedAsync(Ct);

        Assert.Equal(second.GetProperty("leafIndex").GetUInt64(), again.GetProperty("leafIndex").GetUInt64());
        Assert.Equal("81", second.GetProperty("entry").Text("value"));
        JsonElement detainees = await DetaineesAsync(s);
        Assert.Equal(("met", "share of listed detainees released", "80", "at-least"), (detainees.Text("status"), detainees.Text("indicator"), detainees.Text("target"), detainees.Text("direction")));
        Assert.Equal(
            [(s.DomesticId, "domestic", "82.5"), (s.InternationalId, "international", "81")],
            detainees.GetProperty("verifications").EnumerateArray().Select(v => (v.Text("verifier"), v.Text("group"), v.Text("value"))));
        Assert.Equal(600.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{s.Budget}", Ct)).Amount("released"));
    }

    [Fact]
    public async Task A_contested_benchmark_is_a_problem_for_the_release_until_the_owner_decides()
    {
        Setup s = await SetUpAsync();
        await Verify(s, s.Domestic, "90", Ct).ExpectCreatedAsync(Ct);
        await Verify(s, s.International, "40", Ct).ExpectCreatedAsync(Ct);
        HttpClient otherDonor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        string decision = $"api/budgets/{s.Budget}/tranches/t1/benchmarks/detainees/decision";

        await ProblemAssert.RefusedAsync(fixture.Public, ct => Release(s, ct), HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "benchmark-contested", Ct);
        Assert.Equal("contested", (await DetaineesAsync(s)).Text("status"));
        await ProblemAssert.RefusedAsync(fixture.Public, ct => otherDonor.PostJsonAsync(decision, new { outcome = "met", reason = "mine now" }, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => s.Domestic.PostJsonAsync(decision, new { outcome = "met", reason = "trust me" }, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => s.Donor.PostJsonAsync(decision, new { outcome = 0, reason = "x" }, ct), HttpStatusCode.BadRequest, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => s.Donor.PostJsonAsync(decision, new { outcome = "0", reason = "x" }, ct), HttpStatusCode.BadRequest, null, Ct);

        await s.Donor.PostJsonAsync(decision, new { outcome = "met", reason = "the panel counted the superseded 2025 list" }, Ct).ExpectCreatedAsync(Ct);
        await Release(s, Ct).ExpectCreatedAsync(Ct);
        Assert.Equal("met", (await DetaineesAsync(s)).GetProperty("decision").Text("outcome"));
    }

    public static TheoryData<string, string, HttpStatusCode, string?> BadVerifications => new()
    {
        { "a future date", """{"evidenceSha256":"E","verifiedOn":"2999-01-01","value":"90"}""", HttpStatusCode.UnprocessableEntity, "verification-in-future" },
        { "no value", """{"evidenceSha256":"E","verifiedOn":"TODAY"}""", HttpStatusCode.UnprocessableEntity, "value-required" },
        { "NaN", """{"evidenceSha256":"E","verifiedOn":"TODAY","value":"NaN"}""", HttpStatusCode.BadRequest, null },
        { "negative", """{"evidenceSha256":"E","verifiedOn":"TODAY","value":"-5"}""", HttpStatusCode.BadRequest, null },
        { "huge", """{"evidenceSha256":"E","verifiedOn":"TODAY","value":"1000000000000000000000000000000000"}""", HttpStatusCode.BadRequest, null },
        { "a JSON number", """{"evidenceSha256":"E","verifiedOn":"TODAY","value":90}""", HttpStatusCode.BadRequest, null },
        { "null value", """{"evidenceSha256":"E","verifiedOn":"TODAY","value":null}""", HttpStatusCode.UnprocessableEntity, "value-required" },
    };

    [Theory]
    [MemberData(nameof(BadVerifications))]
    public async Task A_bad_verification_is_a_problem_and_changes_nothing(string what, string body, HttpStatusCode status, string? type)
    {
        Setup s = await fixture.SharedAsync("benchmark-bad-verifications", SetUpAsync);
        string json = body.Replace("\"E\"", $"\"{LedgerHttp.EvidenceHash(what)}\"", StringComparison.Ordinal).Replace("TODAY", Today, StringComparison.Ordinal);

        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => s.Domestic.PostTextAsync($"api/budgets/{s.Budget}/tranches/t1/benchmarks/detainees/verifications", json, "application/json", ct),
            status, type is null ? null : ProblemAssert.TypeBase + type, Ct);
        Assert.Equal("pending", (await DetaineesAsync(s)).Text("status"));
    }

    [Fact]
    public async Task Only_the_owner_registers_verifiers_and_a_verifier_of_another_budget_may_not_verify()
    {
        Setup s = await SetUpAsync();
        Setup other = await SetUpAsync();
        HttpClient otherDonor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        string verifiers = $"api/budgets/{s.Budget}/verifiers";

        await ProblemAssert.RefusedAsync(fixture.Public, ct => Verify(s, other.Domestic, "90", ct), HttpStatusCode.Forbidden, ProblemAssert.TypeBase + "verifier-not-registered", Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => otherDonor.PostJsonAsync(verifiers, new { verifier = other.DomesticId, group = "domestic" }, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => s.Domestic.PostJsonAsync(verifiers, new { verifier = other.DomesticId, group = "domestic" }, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => fixture.Public.PostJsonAsync(verifiers, new { verifier = other.DomesticId, group = "domestic" }, ct), HttpStatusCode.Unauthorized, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => s.Donor.PostJsonAsync(verifiers, new { verifier = s.DomesticId, group = "international" }, ct), HttpStatusCode.Conflict, ProblemAssert.TypeBase + "duplicate", Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => s.Donor.PostJsonAsync(verifiers, new { verifier = "a/b", group = "domestic" }, ct), HttpStatusCode.BadRequest, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => s.Donor.PostJsonAsync(verifiers, new { verifier = "x", group = 1 }, ct), HttpStatusCode.BadRequest, null, Ct);
        await s.Donor.PostJsonAsync(verifiers, new { verifier = s.DomesticId, group = "domestic" }, Ct).ExpectCreatedAsync(Ct);
    }

    [Fact]
    public async Task A_numeric_direction_or_a_null_definition_is_refused_and_adds_no_tranche()
    {
        Setup s = await SetUpAsync();
        string tranches = $"api/budgets/{s.Budget}/tranches";
        string Body(string direction) =>
            $$"""{"tranche":"t9","amount":"1.00","humanitarian":false,"benchmarkDefinitions":[{"benchmark":"b","indicator":"i","unit":"u","baseline":"0","target":"1","direction":{{direction}},"dueOn":"{{Today}}"}]}""";

        await ProblemAssert.RefusedAsync(fixture.Public, ct => s.Donor.PostTextAsync(tranches, Body("0"), "application/json", ct), HttpStatusCode.BadRequest, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => s.Donor.PostTextAsync(tranches, Body("\"0\""), "application/json", ct), HttpStatusCode.BadRequest, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => s.Donor.PostTextAsync(
            tranches, $$"""{"tranche":"t9","amount":"1.00","humanitarian":false,"benchmarkDefinitions":[null]}""", "application/json", ct), HttpStatusCode.BadRequest, null, Ct);
        await s.Donor.PostTextAsync(tranches, Body("\"at-most\""), "application/json", Ct).ExpectCreatedAsync(Ct);
    }
}
