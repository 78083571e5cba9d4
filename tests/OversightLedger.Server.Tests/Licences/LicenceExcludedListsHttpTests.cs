using System.Globalization;
using System.Net;
using System.Text.Json;
using OversightLedger.Server.Tests.Counterparties;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Licences;

/// <summary>
/// Licences excluding whole sanctions lists on a real server with the full SDN list: a payment naming a counterparty whose
/// screening hit on <c>OFAC-SDN</c> a compliance reviewer cleared is still 422 <c>unlicensed</c> under a licence excluding
/// <c>OFAC-SDN</c>, and paid once a licence without that exclusion is attached; unknown lists, numeric or null names, too
/// many names, null bodies and keys without the right are refused with problems, writing nothing.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class LicenceExcludedListsHttpTests(ScreeningServerFixture fixture) : IClassFixture<ScreeningServerFixture>
{
    private const string Country = "SY";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_cleared_hit_on_an_excluded_list_is_unlicensed_under_that_licence_and_paid_under_one_without_the_exclusion()
    {
        string agencyPrincipal = LedgerHttp.UniqueId("agency");
        HttpClient agency = await fixture.ClientAsync("agency", agencyPrincipal);
        HttpClient donor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"));
        HttpClient otherDonor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"));
        HttpClient watchdog = await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"));
        HttpClient compliance = await fixture.ClientAsync("compliance", LedgerHttp.UniqueId("compliance"));
        HttpClient scopedCompliance = await fixture.ClientAsync("compliance", LedgerHttp.UniqueId("compliance"), scope: agencyPrincipal);
        FundedProgram program = await FundedProgram.CreateAsync(donor, watchdog, agency, 2, "100.00", "50.00", Ct, Country);
        string disburse = $"api/programs/{program.Program}/disbursements";

        // A counterparty that is a hit on OFAC-SDN, cleared as a false positive: payable as far as screening goes.
        string counterparty = (await agency.PostJsonAsync("api/counterparties", new { kind = "financial-service-provider", name = "Banco Nacional de Cuba", country = "Cuba" }, Ct)
            .ExpectCreatedAsync(Ct)).GetProperty("counterparty").Text("counterparty");
        await scopedCompliance.PostJsonAsync($"api/counterparties/{counterparty}/screening/clear", new { reason = "namesake, other registration number" }, Ct).ExpectCreatedAsync(Ct);
        JsonElement view = await agency.GetJsonAsync($"api/counterparties/{counterparty}", Ct);
        Assert.Equal(("cleared", "OFAC-SDN:306"), (view.Text("status"), view.Text("matchedEntry")));
        object Payment(string id, int beneficiary, bool named) => named
            ? new { id, budget = program.Budget, beneficiary = program.Beneficiaries[beneficiary], amount = "5.00", counterparty }
            : new { id, budget = program.Budget, beneficiary = program.Beneficiaries[beneficiary], amount = "5.00" };

        await compliance.PostJsonAsync("api/jurisdictions", new { country = Country, reference = "31 CFR part 542" }, Ct).ExpectCreatedAsync(Ct);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string excluding = LedgerHttp.UniqueId("gl-excl");
        string Body(string id, string lists) =>
            $$"""{"id":"{{id}}","authority":"OFAC","reference":"GL X","countries":["{{Country}}"],"issued":"{{Time(now.AddDays(-1))}}","expires":"{{Time(now.AddDays(30))}}"{{lists}}}""";

        // Bad excluded lists: refused with problems, nothing written.
        ulong before = await fixture.Public.LogSizeAsync(Ct);
        string tooMany = string.Join(',', Enumerable.Range(0, 65).Select(_ => "\"OFAC-SDN\""));
        foreach (string bad in new[]
        {
            ""","excludedLists":["NOT-A-LIST"]""", ""","excludedLists":["ofac-sdn"]""", ""","excludedLists":[2]""", ""","excludedLists":[null]""",
            ""","excludedLists":"OFAC-SDN" """, ""","excludedLists":[""]""", $$""","excludedLists":[{{tooMany}}]""", $$""","excludedLists":["{{new string('x', 5000)}}"]""",
        })
        {
            await ProblemAssert.RefusedAsync(fixture.Public, ct => compliance.PostTextAsync("api/licences", Body(excluding, bad), "application/json", ct), HttpStatusCode.BadRequest, null, Ct);
        }

        await ProblemAssert.RefusedAsync(fixture.Public, ct => compliance.PostTextAsync("api/licences", "null", "application/json", ct), HttpStatusCode.BadRequest, null, Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => scopedCompliance.PostTextAsync("api/licences", Body(excluding, ""","excludedLists":["OFAC-SDN"]"""), "application/json", ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => agency.PostTextAsync("api/licences", Body(excluding, ""","excludedLists":["OFAC-SDN"]"""), "application/json", ct), HttpStatusCode.Forbidden, null, Ct);
        Assert.Equal(before, await fixture.Public.LogSizeAsync(Ct));

        // The licence excluding OFAC-SDN: the entry says so; another donor cannot attach it to this budget.
        JsonElement recorded = await compliance.PostTextAsync("api/licences", Body(excluding, ""","excludedLists":["OFAC-SDN"]"""), "application/json", Ct).ExpectCreatedAsync(Ct);
        Assert.Equal("OFAC-SDN", recorded.GetProperty("entry").GetProperty("excludedLists")[0].GetString());
        await ProblemAssert.RefusedAsync(fixture.Public, ct => otherDonor.PostJsonAsync($"api/licences/{excluding}/budgets", new { budget = program.Budget }, ct), HttpStatusCode.Forbidden, null, Ct);
        await donor.PostJsonAsync($"api/licences/{excluding}/budgets", new { budget = program.Budget }, Ct).ExpectCreatedAsync(Ct);
        Assert.Equal(["OFAC-SDN"], (await fixture.Public.GetJsonAsync($"api/licences/{excluding}", Ct)).GetProperty("excludedLists").EnumerateArray().Select(e => e.GetString()));

        // Under it: a payment naming the counterparty is unlicensed; one naming no counterparty is paid.
        ulong beforePayment = await fixture.Public.LogSizeAsync(Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync(disburse, Payment("d-named", 0, named: true), ct), HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "unlicensed", Ct);
        Assert.Equal(beforePayment, await fixture.Public.LogSizeAsync(Ct));
        await agency.PostJsonAsync(disburse, Payment("d-unnamed", 1, named: false), Ct).ExpectCreatedAsync(Ct);

        // Amendments: an unknown list is refused; a known one is recorded.
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => compliance.PostJsonAsync($"api/licences/{excluding}/amendments", new { amendment = "a1", reference = "GL XA", excludedLists = new[] { "NOPE" } }, ct),
            HttpStatusCode.BadRequest, null, Ct);
        await compliance.PostJsonAsync($"api/licences/{excluding}/amendments", new { amendment = "a1", reference = "GL XA", excludedLists = new[] { "OFAC-SDN", "UN-SC-CONSOLIDATED" } }, Ct)
            .ExpectCreatedAsync(Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync(disburse, Payment("d-named", 0, named: true), ct), HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "unlicensed", Ct);

        // A licence without the exclusion, attached too: the same payment is paid under it.
        string plain = LedgerHttp.UniqueId("gl-plain");
        await compliance.PostTextAsync("api/licences", Body(plain, string.Empty), "application/json", Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/licences/{plain}/budgets", new { budget = program.Budget }, Ct).ExpectCreatedAsync(Ct);
        JsonElement paid = await agency.PostJsonAsync(disburse, Payment("d-named", 0, named: true), Ct).ExpectCreatedAsync(Ct);
        Assert.Equal(counterparty, paid.GetProperty("entry").Text("counterparty"));

        using HttpResponseMessage lifted = await fixture.Admin.PostJsonAsync($"api/jurisdictions/{Country}/lift", new { reference = "test over" }, Ct);
        Assert.Equal(HttpStatusCode.Created, lifted.StatusCode);
    }
}
