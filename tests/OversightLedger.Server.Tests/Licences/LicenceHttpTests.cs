using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Licences;

/// <summary>
/// Licences on a real server: a payment into a sanctioned jurisdiction outside any licence is 422 <c>unlicensed</c> and
/// writes nothing, inside an attached licence in force it is paid, after the licence's expiry it is <c>unlicensed</c>
/// again and the triggered daily job logs <c>LicenceExpired</c>; who may record, amend and attach; bad input refused
/// with problems, changing nothing.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class LicenceHttpTests(LedgerServerFixture fixture)
{
    private const string Country = "SY";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private async Task<HttpClient> ComplianceAsync(string? scope)
    {
        object body = scope is null
            ? new { role = "compliance", principal = LedgerHttp.UniqueId("compliance") }
            : new { role = "compliance", principal = LedgerHttp.UniqueId("compliance"), scope };
        JsonElement created = await fixture.Admin.PostJsonAsync("api/keys", body, Ct).ExpectCreatedAsync(Ct);
        return fixture.Server.CreateClient(created.Text("key"));
    }

    [Fact]
    public async Task A_payment_into_a_sanctioned_jurisdiction_is_refused_outside_a_licence_paid_inside_and_refused_after_expiry()
    {
        (HttpClient donor, HttpClient watchdog, HttpClient agency, _) = await fixture.FundedProgramAsync(1, "10.00", "10.00", Ct);
        FundedProgram program = await FundedProgram.CreateAsync(donor, watchdog, agency, 3, "100.00", "50.00", Ct, Country);
        HttpClient otherDonor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        using HttpClient compliance = await ComplianceAsync(scope: null);
        using HttpClient scopedCompliance = await ComplianceAsync(scope: "agency-somewhere");
        object Payment(string id, int beneficiary, string? sector = null) =>
            sector is null
                ? new { id, budget = program.Budget, beneficiary = program.Beneficiaries[beneficiary], amount = "5.00" }
                : new { id, budget = program.Budget, beneficiary = program.Beneficiaries[beneficiary], amount = "5.00", sector };
        string disburse = $"api/programs/{program.Program}/disbursements";

        // Before the jurisdiction is declared sanctioned, a payment there needs no licence.
        await agency.PostJsonAsync(disburse, Payment("before", 0), Ct).ExpectCreatedAsync(Ct);

        // Only admins and ledger-wide compliance keys declare it.
        object declaration = new { country = Country, reference = "31 CFR part 542" };
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync("api/jurisdictions", declaration, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => scopedCompliance.PostJsonAsync("api/jurisdictions", declaration, ct), HttpStatusCode.Forbidden, ProblemAssert.TypeBase + "forbidden", Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => fixture.Public.PostJsonAsync("api/jurisdictions", declaration, ct), HttpStatusCode.Unauthorized, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => compliance.PostJsonAsync("api/jurisdictions", new { country = "XX", reference = "r" }, ct), HttpStatusCode.BadRequest, null, Ct);
        JsonElement declared = await compliance.PostJsonAsync("api/jurisdictions", declaration, Ct).ExpectCreatedAsync(Ct);
        try
        {
            Assert.Equal("JurisdictionSanctioned", declared.GetProperty("entry").Text("kind"));
            Assert.Equal(
                declared.GetProperty("leafIndex").GetUInt64(),
                (await compliance.PostJsonAsync("api/jurisdictions", declaration, Ct).ExpectCreatedAsync(Ct)).GetProperty("leafIndex").GetUInt64());
            await ProblemAssert.RefusedAsync(fixture.Public, ct => fixture.Admin.PostJsonAsync("api/jurisdictions", declaration, ct), HttpStatusCode.Conflict, ProblemAssert.TypeBase + "already-sanctioned", Ct);
            Assert.Contains((await fixture.Public.GetJsonAsync("api/jurisdictions", Ct)).EnumerateArray(), j => j.Text("country") == Country);

            // Outside any licence: 422 unlicensed, nothing written.
            await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync(disburse, Payment("d-1", 1), ct), HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "unlicensed", Ct);

            // Record a licence: who may, and bad bodies.
            string licence = LedgerHttp.UniqueId("gl-25");
            DateTimeOffset now = DateTimeOffset.UtcNow;
            var body = new
            {
                id = licence, authority = "OFAC", reference = "OFAC GL 25", countries = new[] { Country }, sectors = new[] { "72010" },
                issued = Time(now.AddDays(-1)), expires = Time(now.AddDays(30)),
            };
            await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync("api/licences", body, ct), HttpStatusCode.Forbidden, null, Ct);
            await ProblemAssert.RefusedAsync(fixture.Public, ct => donor.PostJsonAsync("api/licences", body, ct), HttpStatusCode.Forbidden, null, Ct);
            await ProblemAssert.RefusedAsync(fixture.Public, ct => scopedCompliance.PostJsonAsync("api/licences", body, ct), HttpStatusCode.Forbidden, null, Ct);
            foreach (string bad in new[]
            {
                "null", "{}", "[]",
                $$"""{"id":"{{licence}}","authority":"OFAC","reference":"GL","countries":["SY"],"counterpartyKinds":[2],"issued":"{{Time(now)}}","expires":"{{Time(now.AddDays(1))}}"}""",
                $$"""{"id":"{{licence}}","authority":"OFAC","reference":"GL","countries":["SY"],"counterpartyKinds":["Vendor"],"issued":"{{Time(now)}}","expires":"{{Time(now.AddDays(1))}}"}""",
                $$"""{"id":"{{licence}}","authority":"OFAC","reference":"GL","countries":["XX"],"issued":"{{Time(now)}}","expires":"{{Time(now.AddDays(1))}}"}""",
                $$"""{"id":"{{licence}}","authority":"OFAC","reference":"GL","countries":[null],"issued":"{{Time(now)}}","expires":"{{Time(now.AddDays(1))}}"}""",
                $$"""{"id":"{{licence}}","authority":"OFAC","reference":"GL","countries":["SY"],"issued":"{{Time(now)}}","expires":"{{Time(now.AddDays(-1))}}"}""",
                $$"""{"id":"{{licence}}","authority":"OFAC","reference":"GL","countries":["SY"],"issued":"{{Time(now)}}","expires":"{{Time(now)}}"}""",
                $$"""{"id":"{{licence}}","authority":"OFAC","reference":"{{new string('r', 2000)}}","countries":["SY"],"issued":"{{Time(now)}}","expires":"{{Time(now.AddDays(1))}}"}""",
                $$"""{"id":"a/b","authority":"OFAC","reference":"GL","countries":["SY"],"issued":"{{Time(now)}}","expires":"{{Time(now.AddDays(1))}}"}""",
                $$"""{"id":"{{licence}}","authority":"OFAC","reference":"GL","countries":["SY"],"issued":"{{Time(now)}}","expires":"{{Time(now.AddDays(1))}}","extra":1}""",
            })
            {
                await ProblemAssert.RefusedAsync(fixture.Public, ct => compliance.PostTextAsync("api/licences", bad, "application/json", ct), HttpStatusCode.BadRequest, null, Ct);
            }

            string huge = $$"""{"id":"{{licence}}","authority":"{{new string('a', 3_000_000)}}","reference":"GL","countries":["SY"],"issued":"{{Time(now)}}","expires":"{{Time(now.AddDays(1))}}"}""";
            await ProblemAssert.RefusedAsync(
                fixture.Public, ct => compliance.PostTextAsync("api/licences", huge, "application/json", ct), [HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge], null, Ct);

            JsonElement recorded = await compliance.PostJsonAsync("api/licences", body, Ct).ExpectCreatedAsync(Ct);
            Assert.Equal("LicenceRecorded", recorded.GetProperty("entry").Text("kind"));
            Assert.Equal(
                recorded.GetProperty("leafIndex").GetUInt64(),
                (await compliance.PostJsonAsync("api/licences", body, Ct).ExpectCreatedAsync(Ct)).GetProperty("leafIndex").GetUInt64());
            await ProblemAssert.RefusedAsync(fixture.Public, ct => fixture.Admin.PostJsonAsync("api/licences", body with { reference = "OFAC GL 26" }, ct), HttpStatusCode.Conflict, ProblemAssert.TypeBase + "duplicate", Ct);

            // Recorded but not attached: still unlicensed. Attaching: the owner or an admin, never another donor or an agency.
            await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync(disburse, Payment("d-1", 1), ct), HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "unlicensed", Ct);
            await ProblemAssert.RefusedAsync(fixture.Public, ct => otherDonor.PostJsonAsync($"api/licences/{licence}/budgets", new { budget = program.Budget }, ct), HttpStatusCode.Forbidden, ProblemAssert.TypeBase + "forbidden", Ct);
            await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync($"api/licences/{licence}/budgets", new { budget = program.Budget }, ct), HttpStatusCode.Forbidden, null, Ct);
            await ProblemAssert.RefusedAsync(fixture.Public, ct => donor.PostJsonAsync($"api/licences/{licence}/budgets", new { budget = "no-such-budget" }, ct), HttpStatusCode.NotFound, ProblemAssert.TypeBase + "unknown-budget", Ct);
            await ProblemAssert.RefusedAsync(fixture.Public, ct => donor.PostJsonAsync("api/licences/no-such-licence/budgets", new { budget = program.Budget }, ct), HttpStatusCode.NotFound, ProblemAssert.TypeBase + "unknown-licence", Ct);
            await donor.PostJsonAsync($"api/licences/{licence}/budgets", new { budget = program.Budget }, Ct).ExpectCreatedAsync(Ct);

            // Inside: paid. Another purpose: unlicensed.
            JsonElement paid = await agency.PostJsonAsync(disburse, Payment("d-1", 1), Ct).ExpectCreatedAsync(Ct);
            Assert.Equal("Disbursed", paid.GetProperty("entry").Text("kind"));
            await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync(disburse, Payment("d-2", 2, "12220"), ct), HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "unlicensed", Ct);

            // Amendments: who may, racing under one id, and one that moves the expiry to a few seconds from now.
            await ProblemAssert.RefusedAsync(fixture.Public, ct => donor.PostJsonAsync($"api/licences/{licence}/amendments", new { amendment = "a", reference = "r", expires = Time(now.AddDays(40)) }, ct), HttpStatusCode.Forbidden, null, Ct);
            await ProblemAssert.RefusedAsync(fixture.Public, ct => compliance.PostJsonAsync($"api/licences/{licence}/amendments", new { amendment = "a", reference = "r" }, ct), HttpStatusCode.BadRequest, null, Ct);
            await ProblemAssert.RefusedAsync(fixture.Public, ct => compliance.PostJsonAsync($"api/licences/{licence}/amendments", new { amendment = "a", reference = "r", expires = Time(now.AddDays(-2)) }, ct), HttpStatusCode.BadRequest, null, Ct);
            HttpResponseMessage[] raced = await Task.WhenAll(
                compliance.PostJsonAsync($"api/licences/{licence}/amendments", new { amendment = "gl-25a", reference = "OFAC GL 25A", expires = Time(now.AddDays(50)) }, Ct),
                fixture.Admin.PostJsonAsync($"api/licences/{licence}/amendments", new { amendment = "gl-25a", reference = "OFAC GL 25A", expires = Time(now.AddDays(60)) }, Ct));
            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], raced.Select(r => r.StatusCode).Order());
            foreach (HttpResponseMessage response in raced)
            {
                response.Dispose();
            }

            DateTimeOffset soon = DateTimeOffset.UtcNow.AddSeconds(3);
            await compliance.PostJsonAsync($"api/licences/{licence}/amendments", new { amendment = "gl-25b", reference = "OFAC GL 25B", expires = Time(soon) }, Ct).ExpectCreatedAsync(Ct);
            JsonElement view = await fixture.Public.GetJsonAsync($"api/licences/{licence}", Ct);
            Assert.Equal("in-force", view.Text("status"));
            Assert.Equal(program.Budget, view.GetProperty("budgets")[0].GetString());

            // After the expiry: unlicensed again; the triggered daily job logs LicenceExpired.
            await Task.Delay(soon.AddSeconds(1.5) - DateTimeOffset.UtcNow, Ct);
            await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync(disburse, Payment("d-3", 2), ct), HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "unlicensed", Ct);
            Assert.Equal("expired", (await fixture.Public.GetJsonAsync($"api/licences/{licence}", Ct)).Text("status"));
            ulong beforeJob = await fixture.Public.LogSizeAsync(Ct);
            await fixture.Admin.TriggerAndWaitAsync("licence-expiry", Ct);
            ulong afterFirstRun = await fixture.Public.LogSizeAsync(Ct);
            await fixture.Admin.TriggerAndWaitAsync("licence-expiry", Ct);
            Assert.Equal((beforeJob + 1, afterFirstRun), (afterFirstRun, await fixture.Public.LogSizeAsync(Ct)));
            byte[] expiredEntry = await fixture.Public.ReadLogEntryAsync(beforeJob, afterFirstRun, Ct);
            Assert.Equal("LicenceExpired", OversightLedger.Domain.Entries.LedgerEntryParser.Parse(expiredEntry).Kind);
            bool logged = (await fixture.Public.GetJsonAsync($"api/licences/{licence}", Ct)).GetProperty("expiryLogged").GetBoolean();
            Assert.True(logged, "the licence-expiry job did not log LicenceExpired");
            Assert.Contains((await fixture.Public.GetJsonAsync("api/licences", Ct)).EnumerateArray(), l => l.Text("licence") == licence && l.Text("status") == "expired");
            await ProblemAssert.RefusedAsync(fixture.Public, ct => fixture.Public.GetAsync(new Uri("api/licences/no-such-licence", UriKind.Relative), ct), HttpStatusCode.NotFound, ProblemAssert.TypeBase + "unknown-licence", Ct);

            // The log holds no name of a person: the licence entries name keys, countries, codes and references only.
            ulong size = await fixture.Public.LogSizeAsync(Ct);
            string recordedEntry = Encoding.UTF8.GetString(await fixture.Public.ReadLogEntryAsync(recorded.GetProperty("leafIndex").GetUInt64(), size, Ct));
            Assert.Contains("\"licence\":\"" + licence + "\"", recordedEntry, StringComparison.Ordinal);
        }
        finally
        {
            using HttpResponseMessage lifted = await fixture.Admin.PostJsonAsync($"api/jurisdictions/{Country}/lift", new { reference = "test over" }, Ct);
            Assert.Equal(HttpStatusCode.Created, lifted.StatusCode);
        }

        await agency.PostJsonAsync(disburse, Payment("after-lift", 2, "12220"), Ct).ExpectCreatedAsync(Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => fixture.Admin.PostJsonAsync($"api/jurisdictions/{Country}/lift", new { reference = "again, otherwise" }, ct), HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "not-sanctioned", Ct);
    }
}
