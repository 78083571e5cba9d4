using System.Net;
using System.Text;
using System.Text.Json;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Counterparties;

/// <summary>
/// Counterparty screening on a real server with the full SDN list: a counterparty matching an SDN entry is a hit that
/// blocks payments (422 <c>counterparty-blocked</c>) until a compliance key clears it; agency and admin keys cannot
/// clear; another agency can neither see nor pay it; bad input is refused with problems and writes nothing; the log never
/// holds the name; a broken list file is refused and the list in force stays; a restart records no list twice.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class ScreeningHttpTests(ScreeningServerFixture fixture) : IClassFixture<ScreeningServerFixture>
{
    private const string SanctionedName = "Banco Nacional de Cuba";
    private const string Reason = "Namesake: registration number and address differ from SDN 306 — confirmed with the bank on 2026-12-07.";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_hit_blocks_payments_until_a_compliance_key_clears_it_and_the_log_never_holds_the_name()
    {
        string agencyPrincipal = LedgerHttp.UniqueId("agency");
        HttpClient agency = await fixture.ClientAsync("agency", agencyPrincipal);
        HttpClient donor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"));
        HttpClient watchdog = await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"));
        HttpClient otherAgency = await fixture.ClientAsync("agency", LedgerHttp.UniqueId("agency"));
        HttpClient compliance = await fixture.ClientAsync("compliance", LedgerHttp.UniqueId("compliance"), scope: agencyPrincipal);
        HttpClient otherCompliance = await fixture.ClientAsync("compliance", LedgerHttp.UniqueId("compliance"), scope: "someone-else");
        FundedProgram program = await FundedProgram.CreateAsync(donor, watchdog, agency, 2, "100.00", "50.00", Ct);
        FundedProgram otherProgram = await FundedProgram.CreateAsync(donor, watchdog, otherAgency, 1, "100.00", "50.00", Ct);

        JsonElement registered = await agency.PostJsonAsync("api/counterparties", new { kind = "financial-service-provider", name = SanctionedName, country = "Cuba" }, Ct).ExpectCreatedAsync(Ct);
        JsonElement counterparty = registered.GetProperty("counterparty");
        string id = counterparty.Text("counterparty");
        Assert.Equal("hit", counterparty.Text("status"));
        Assert.True(counterparty.GetProperty("blocked").GetBoolean());
        Assert.Equal("OFAC-SDN:306", counterparty.Text("matchedEntry"));
        JsonElement best = counterparty.GetProperty("matches")[0];
        Assert.Equal("BANCO NACIONAL DE CUBA", best.Text("listedName"));
        Assert.Contains("NACIONAL", best.Text("explanation"), StringComparison.Ordinal);

        // Registering the same counterparty again is the same counterparty and the same entry.
        JsonElement again = await agency.PostJsonAsync("api/counterparties", new { kind = "financial-service-provider", name = "BANCO  NACIONAL DE CUBA", country = "Cuba" }, Ct).ExpectCreatedAsync(Ct);
        Assert.Equal(id, again.GetProperty("counterparty").Text("counterparty"));
        Assert.Equal(registered.GetProperty("recorded").GetProperty("leafIndex").GetUInt64(), again.GetProperty("recorded").GetProperty("leafIndex").GetUInt64());

        object Payment(string paymentId, FundedProgram p, string? cp = null) =>
            new { id = paymentId, budget = p.Budget, beneficiary = p.Beneficiaries[0], amount = "5.00", counterparty = cp ?? id };

        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync($"api/programs/{program.Program}/disbursements", Payment("d-1", program), ct),
            HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "counterparty-blocked", Ct);
        using (HttpResponseMessage list = await agency.PostTextAsync(
            $"api/programs/{program.Program}/payment-lists", $"id,budget,beneficiary,amount,counterparty\nd-2,{program.Budget},{program.Beneficiaries[1]},5.00,{id}\n", "text/csv", Ct))
        {
            JsonElement report = await list.ExpectJsonAsync(HttpStatusCode.OK, Ct);
            Assert.Equal("counterparty-blocked", report.GetProperty("results")[0].Text("code"));
        }

        // Who may not clear, see or pay it.
        object reason = new { reason = Reason };
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync($"api/counterparties/{id}/screening/clear", reason, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => fixture.Admin.PostJsonAsync($"api/counterparties/{id}/screening/clear", reason, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => otherCompliance.PostJsonAsync($"api/counterparties/{id}/screening/clear", reason, ct), HttpStatusCode.Forbidden, ProblemAssert.TypeBase + "forbidden", Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => fixture.Public.PostJsonAsync($"api/counterparties/{id}/screening/clear", reason, ct), HttpStatusCode.Unauthorized, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => otherAgency.GetAsync(new Uri($"api/counterparties/{id}", UriKind.Relative), ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => otherCompliance.GetAsync(new Uri($"api/counterparties/{id}", UriKind.Relative), ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => fixture.Public.GetAsync(new Uri($"api/counterparties/{id}", UriKind.Relative), ct), HttpStatusCode.Unauthorized, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => otherAgency.PostJsonAsync($"api/programs/{otherProgram.Program}/disbursements", Payment("o-1", otherProgram), ct),
            HttpStatusCode.Forbidden, ProblemAssert.TypeBase + "forbidden", Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync($"api/programs/{program.Program}/disbursements", Payment("d-3", program, "cpty-000000000000000000000000"), ct),
            HttpStatusCode.NotFound, ProblemAssert.TypeBase + "unknown-counterparty", Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => compliance.PostJsonAsync($"api/counterparties/{id}/screening/clear", new { reason = "  " }, ct), HttpStatusCode.BadRequest, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => compliance.PostJsonAsync($"api/counterparties/{id}/screening/clear", new { reason = new string('r', 1025) }, ct), HttpStatusCode.BadRequest, null, Ct);

        // The scoped compliance key sees it, and clears it; then the payment goes through.
        Assert.Equal("hit", (await compliance.GetJsonAsync($"api/counterparties/{id}", Ct)).Text("status"));
        Assert.Equal(SanctionedName, (await fixture.Admin.GetJsonAsync($"api/counterparties/{id}", Ct)).Text("name"));
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.GetAsync(new Uri("api/counterparties/cpty-000000000000000000000000", UriKind.Relative), ct),
            HttpStatusCode.NotFound, ProblemAssert.TypeBase + "unknown-counterparty", Ct);
        JsonElement cleared = await compliance.PostJsonAsync($"api/counterparties/{id}/screening/clear", reason, Ct).ExpectCreatedAsync(Ct);
        Assert.Equal("ScreeningCleared", cleared.GetProperty("entry").Text("kind"));
        Assert.Equal(LedgerHttp.EvidenceHash(Reason), cleared.GetProperty("entry").Text("reasonSha256"));
        await ProblemAssert.RefusedAsync(fixture.Public, ct => compliance.PostJsonAsync($"api/counterparties/{id}/screening/confirm", reason, ct), HttpStatusCode.Conflict, ProblemAssert.TypeBase + "already-reviewed", Ct);
        JsonElement paid = await agency.PostJsonAsync($"api/programs/{program.Program}/disbursements", Payment("d-1", program), Ct).ExpectCreatedAsync(Ct);
        Assert.Equal("cleared", (await agency.GetJsonAsync($"api/counterparties/{id}", Ct)).Text("status"));
        Assert.NotNull(paid.GetRawText());

        // Every entry of the log: none holds the name (in any case or spacing) nor the reason.
        ulong size = await fixture.Public.LogSizeAsync(Ct);
        int counterpartyEntries = 0;
        for (ulong leaf = 0; leaf < size; leaf++)
        {
            string entry = Encoding.UTF8.GetString(await fixture.Public.ReadLogEntryAsync(leaf, size, Ct));
            Assert.DoesNotContain("NACIONAL", entry, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Namesake", entry, StringComparison.OrdinalIgnoreCase);
            counterpartyEntries += entry.Contains(id, StringComparison.Ordinal) ? 1 : 0;
        }

        Assert.Equal(4, counterpartyEntries); // registered, screened, cleared, and the payment naming it (issue 16)
        Assert.Equal(id, paid.GetProperty("entry").Text("counterparty"));
    }

    [Fact]
    public async Task A_confirmed_hit_stays_blocked_and_a_ledger_wide_compliance_key_may_review_any_agency()
    {
        string agencyPrincipal = LedgerHttp.UniqueId("agency");
        HttpClient agency = await fixture.ClientAsync("agency", agencyPrincipal);
        HttpClient compliance = await fixture.ClientAsync("compliance", LedgerHttp.UniqueId("compliance"));
        string id = (await agency.PostJsonAsync("api/counterparties", new { kind = "vendor", name = "Aerocaribbean Airlines" }, Ct).ExpectCreatedAsync(Ct))
            .GetProperty("counterparty").Text("counterparty");

        JsonElement confirmed = await compliance.PostJsonAsync($"api/counterparties/{id}/screening/confirm", new { reason = "same airline" }, Ct).ExpectCreatedAsync(Ct);

        Assert.Equal("ScreeningConfirmed", confirmed.GetProperty("entry").Text("kind"));
        JsonElement view = await compliance.GetJsonAsync($"api/counterparties/{id}", Ct);
        Assert.Equal("confirmed", view.Text("status"));
        Assert.True(view.GetProperty("blocked").GetBoolean());
        await ProblemAssert.RefusedAsync(fixture.Public, ct => compliance.PostJsonAsync($"api/counterparties/{id}/screening/clear", new { reason = "changed my mind" }, ct),
            HttpStatusCode.Conflict, ProblemAssert.TypeBase + "already-reviewed", Ct);

        // A clear name: nothing to review, and it is payable.
        string clean = (await agency.PostJsonAsync("api/counterparties", new { kind = "organisation-payee", name = "Harbour Road Bakery Cooperative" }, Ct).ExpectCreatedAsync(Ct))
            .GetProperty("counterparty").Text("counterparty");
        Assert.Equal("clear", (await agency.GetJsonAsync($"api/counterparties/{clean}", Ct)).Text("status"));
        await ProblemAssert.RefusedAsync(fixture.Public, ct => compliance.PostJsonAsync($"api/counterparties/{clean}/screening/clear", new { reason = "r" }, ct),
            HttpStatusCode.Conflict, ProblemAssert.TypeBase + "no-hit-to-review", Ct);
    }

    [Theory]
    [InlineData("""{"kind":2,"name":"Acme"}""")]
    [InlineData("""{"kind":"2","name":"Acme"}""")]
    [InlineData("""{"kind":"Vendor","name":"Acme"}""")]
    [InlineData("""{"kind":"vendor"}""")]
    [InlineData("""{"kind":"vendor","name":null}""")]
    [InlineData("""{"kind":"vendor","name":"   "}""")]
    [InlineData("""{"kind":"vendor","name":"two\nlines"}""")]
    [InlineData("""{"kind":"vendor","name":"Acme","dateOfBirth":"07/12/1960"}""")]
    [InlineData("""{"kind":"vendor","name":"Acme","dateOfBirth":"2999-01-01"}""")]
    [InlineData("""{"kind":"vendor","name":"Acme","country":""}""")]
    [InlineData("""{"kind":"vendor","name":"Acme","extra":1}""")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Bad_registrations_are_refused_with_a_problem_and_write_nothing(string body)
    {
        HttpClient agency = await fixture.ClientAsync("agency", LedgerHttp.UniqueId("agency"));

        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostTextAsync("api/counterparties", body, "application/json", ct), HttpStatusCode.BadRequest, null, Ct);
    }

    [Fact]
    public async Task A_huge_name_and_keys_of_other_roles_are_refused()
    {
        HttpClient agency = await fixture.ClientAsync("agency", LedgerHttp.UniqueId("agency"));
        HttpClient donor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"));
        HttpClient compliance = await fixture.ClientAsync("compliance", LedgerHttp.UniqueId("compliance"));

        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync("api/counterparties", new { kind = "vendor", name = new string('A', 257) }, ct), HttpStatusCode.BadRequest, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync("api/counterparties", new { kind = "vendor", name = new string('A', 1_000_000) }, ct),
            [HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge], null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => donor.PostJsonAsync("api/counterparties", new { kind = "vendor", name = "Acme" }, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => compliance.PostJsonAsync("api/counterparties", new { kind = "vendor", name = "Acme" }, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => fixture.Admin.PostJsonAsync("api/counterparties", new { kind = "vendor", name = "Acme" }, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => fixture.Admin.PostJsonAsync("api/keys", new { role = "agency", principal = "a-x", scope = "a-y" }, ct), HttpStatusCode.BadRequest, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => fixture.Admin.PostJsonAsync("api/keys", new { role = 4, principal = "c-x" }, ct), HttpStatusCode.BadRequest, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => fixture.Admin.PostJsonAsync("api/keys", new { role = "4", principal = "c-x" }, ct), HttpStatusCode.BadRequest, null, Ct);
    }

    [Fact]
    public async Task Ad_hoc_screening_shows_the_best_matches_and_why_and_logs_nothing()
    {
        HttpClient agency = await fixture.ClientAsync("agency", LedgerHttp.UniqueId("agency"));
        HttpClient watchdog = await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"));
        ulong before = await fixture.Public.LogSizeAsync(Ct);

        JsonElement answer = await (await agency.PostJsonAsync("api/sanctions/screen", new { name = "Cuba Nacional Banco" }, Ct)).ExpectJsonAsync(HttpStatusCode.OK, Ct);
        JsonElement none = await (await agency.PostJsonAsync("api/sanctions/screen", new { name = "Harbour Road Bakery Cooperative" }, Ct)).ExpectJsonAsync(HttpStatusCode.OK, Ct);

        Assert.True(answer.GetProperty("hit").GetBoolean());
        Assert.Equal("OFAC-SDN:306", answer.GetProperty("matches")[0].Text("entry"));
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("matches")[0].Text("explanation")));
        Assert.False(none.GetProperty("hit").GetBoolean());
        Assert.Equal(before, await fixture.Public.LogSizeAsync(Ct));
        await ProblemAssert.RefusedAsync(fixture.Public, ct => watchdog.PostJsonAsync("api/sanctions/screen", new { name = "x" }, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => fixture.Public.PostJsonAsync("api/sanctions/screen", new { name = "x" }, ct), HttpStatusCode.Unauthorized, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync("api/sanctions/screen", new { name = new string('x', 300) }, ct), HttpStatusCode.BadRequest, null, Ct);
    }

    [Fact]
    public async Task The_lists_show_the_sdn_list_in_force_the_broken_file_refused_and_a_restart_records_nothing_twice()
    {
        JsonElement lists = await fixture.Public.GetJsonAsync("api/sanctions/lists", Ct);
        JsonElement[] configured = [.. lists.GetProperty("configured").EnumerateArray()];
        Assert.Equal("in-force", configured[0].Text("status"));
        Assert.Equal(14_965, configured[0].GetProperty("entryCount").GetInt32());
        Assert.Equal("refused", configured[1].Text("status"));
        Assert.False(string.IsNullOrEmpty(configured[1].Text("error")));
        string sha = configured[0].Text("sha256");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(SharedSanctionsData.Path("ofac-sdn-full", "sdn.csv"), Ct))), sha);
        Assert.Single(lists.GetProperty("inForce").EnumerateArray());
        Assert.Single(lists.GetProperty("recorded").EnumerateArray(), r => r.Text("sha256") == sha);

        ulong before = await fixture.Public.LogSizeAsync(Ct);
        await fixture.Server.RestartAsync(Ct);
        JsonElement after = await fixture.Public.GetJsonAsync("api/sanctions/lists", Ct);

        Assert.Equal(before, await fixture.Public.LogSizeAsync(Ct));
        Assert.Single(after.GetProperty("recorded").EnumerateArray());
    }
}
