using System.Net;
using System.Text;
using System.Text.Json;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Reports;

/// <summary>Watchdogs, findings and reports over HTTP on a real server: roles, the logged lifecycle, and the public report pages.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class WatchdogAndReportHttpTests(LedgerServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_keys_registering_one_watchdog_at_once_leave_the_owner_and_scope_of_one_and_the_other_is_refused()
    {
        HttpClient[] keys = [await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"), Ct), await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"), Ct)];
        string[][] scopes = [[LedgerHttp.UniqueId("budget")], [LedgerHttp.UniqueId("budget"), LedgerHttp.UniqueId("budget")]];
        string id = LedgerHttp.UniqueId("wd");

        (int Key, HttpStatusCode Status)[] calls = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            using HttpResponseMessage response = await keys[i % 2].PostJsonAsync("api/watchdogs", new { id, name = $"Watch {i % 2}", budgets = scopes[i % 2] }, Ct);
            return (i % 2, response.StatusCode);
        }));

        JsonElement watchdog = await fixture.Public.GetJsonAsync($"api/watchdogs/{id}", Ct);
        int owner = watchdog.Text("name") == "Watch 0" ? 0 : 1;
        Assert.Equal(scopes[owner], watchdog.GetProperty("budgets").EnumerateArray().Select(b => b.GetString()!));
        Assert.Single(calls, c => c.Status == HttpStatusCode.Created);
        Assert.All(calls.Where(c => c.Key == owner), c => Assert.Contains(c.Status, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.All(calls.Where(c => c.Key != owner), c => Assert.Equal(HttpStatusCode.Forbidden, c.Status));
    }

    [Fact]
    public async Task A_watchdog_raises_a_finding_the_agency_disputes_and_the_watchdog_confirms_freezing_the_budget()
    {
        string donorPrincipal = LedgerHttp.UniqueId("donor");
        HttpClient donor = await fixture.ClientAsync("donor", donorPrincipal, Ct);
        HttpClient watchdog = await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"), Ct);
        HttpClient otherWatchdog = await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"), Ct);
        HttpClient agency = await fixture.ClientAsync("agency", LedgerHttp.UniqueId("agency"), Ct);
        HttpClient otherAgency = await fixture.ClientAsync("agency", LedgerHttp.UniqueId("agency"), Ct);
        string budget = LedgerHttp.UniqueId("budget");
        await donor.PostJsonAsync("api/budgets", new { id = budget, donor = "Donor", purpose = "72010", country = "SD", currency = "USD", pledged = "1000.00", snapBackClasses = new[] { "duplicate-beneficiary" } }, Ct)
            .ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{budget}/funds", new { amount = "1000.00", reference = "wire-1" }, Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{budget}/tranches", new { tranche = "t1", amount = "1000.00", humanitarian = false, benchmarks = new[] { "b" } }, Ct).ExpectCreatedAsync(Ct);
        await watchdog.PostJsonAsync($"api/budgets/{budget}/tranches/t1/benchmarks/b/verifications", new { evidenceSha256 = LedgerHttp.EvidenceHash(budget), verifiedOn = "2026-11-01" }, Ct)
            .ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{budget}/tranches/t1/release", new { amount = "1000.00" }, Ct).ExpectCreatedAsync(Ct);
        string[] programs = [LedgerHttp.UniqueId("program"), LedgerHttp.UniqueId("program")];
        foreach (string program in programs)
        {
            await agency.PostJsonAsync("api/programs", new { id = program, currency = "USD", capPerPeriod = "100.00", period = "month" }, Ct).ExpectCreatedAsync(Ct);
            await donor.PostJsonAsync($"api/budgets/{budget}/programs", new { program }, Ct).ExpectCreatedAsync(Ct);
            await agency.PostJsonAsync($"api/programs/{program}/beneficiaries", new { reference = $"{budget}-household-1" }, Ct).ExpectCreatedAsync(Ct);
            await agency.PostJsonAsync($"api/programs/{program}/disbursements", new { id = LedgerHttp.UniqueId("d"), budget, beneficiary = $"{budget}-household-1", amount = "25.00" }, Ct)
                .ExpectCreatedAsync(Ct);
        }

        // Registering: a watchdog key, validated; the registration is public to read.
        string id = LedgerHttp.UniqueId("wd");
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync("api/watchdogs", new { id, name = "x" }, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => watchdog.PostJsonAsync("api/watchdogs", new { id, name = " " }, ct), HttpStatusCode.BadRequest, null, Ct);
        JsonElement registered = await watchdog.PostJsonAsync("api/watchdogs", new { id, name = "Budget Watch", budgets = new[] { budget } }, Ct).ExpectCreatedAsync(Ct);
        Assert.False(registered.TryGetProperty("witnessVerifierKey", out _));
        await ProblemAssert.RefusedAsync(fixture.Public, ct => otherWatchdog.PostJsonAsync("api/watchdogs", new { id, name = "Mine now" }, ct), HttpStatusCode.Forbidden, null, Ct);
        using (HttpResponseMessage scanByOther = await otherWatchdog.PostAsync(new Uri($"api/watchdogs/{id}/scan", UriKind.Relative), null, Ct))
        {
            await ProblemAssert.IsProblemAsync(scanByOther, [HttpStatusCode.Forbidden], null, Ct);
        }

        JsonElement scan = await (await watchdog.PostAsync(new Uri($"api/watchdogs/{id}/scan", UriKind.Relative), null, Ct)).ExpectJsonAsync(HttpStatusCode.OK, Ct);
        Assert.False(scan.TryGetProperty("witnessFailure", out _));
        JsonElement finding = Assert.Single(
            (await fixture.Public.GetJsonAsync($"api/watchdogs/{id}/findings", Ct)).EnumerateArray(), f => f.Text("class") == "duplicate-beneficiary");
        string findingId = finding.Text("finding");
        Assert.Contains(findingId, scan.GetProperty("raisedFindings").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(2, finding.GetProperty("leaves").GetArrayLength());

        // The server cosigns nothing on the watchdog's behalf: /log/checkpoint carries no line of a witness named after it.
        string checkpoint = await fixture.Public.GetStringAsync(new Uri("log/checkpoint", UriKind.Relative), Ct);
        Assert.DoesNotContain($"— witness-{id} ", checkpoint, StringComparison.Ordinal);
        Assert.DoesNotContain($"— {id} ", checkpoint, StringComparison.Ordinal);

        // The agency that runs the programs disputes; another cannot. The other watchdog cannot resolve.
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => otherAgency.PostJsonAsync($"api/watchdogs/{id}/findings/{findingId}/disputes", new { response = "Not ours." }, ct), HttpStatusCode.Forbidden, null, Ct);
        await agency.PostJsonAsync($"api/watchdogs/{id}/findings/{findingId}/disputes", new { response = "One household, two registrations." }, Ct).ExpectCreatedAsync(Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => otherWatchdog.PostJsonAsync($"api/watchdogs/{id}/findings/{findingId}/resolution", new { outcome = "confirmed", action = "x" }, ct),
            HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => watchdog.PostJsonAsync($"api/watchdogs/{id}/findings/{findingId}/resolution", new { outcome = "maybe", action = "x" }, ct),
            HttpStatusCode.BadRequest, null, Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => watchdog.PostJsonAsync($"api/watchdogs/{id}/findings/f-unknown/resolution", new { outcome = "confirmed", action = "x" }, ct),
            [HttpStatusCode.NotFound, HttpStatusCode.UnprocessableEntity], ProblemAssert.TypeBase + "unknown-finding", Ct);
        JsonElement resolved = await watchdog.PostJsonAsync($"api/watchdogs/{id}/findings/{findingId}/resolution", new { outcome = "confirmed", action = "Recover the double payment." }, Ct)
            .ExpectCreatedAsync(Ct);
        Assert.Equal("FindingResolved", resolved.GetProperty("entry").Text("kind"));

        // Snap-back: the budget is frozen, citing the finding, and its (non-exempt) tranche takes nothing new.
        Assert.True((await fixture.Public.GetJsonAsync($"api/budgets/{budget}", Ct)).GetProperty("frozen").GetBoolean());
        JsonElement after = Assert.Single((await fixture.Public.GetJsonAsync($"api/watchdogs/{id}/findings", Ct)).EnumerateArray(), f => f.Text("finding") == findingId);
        Assert.Equal("confirmed", after.Text("state"));
        Assert.Equal([budget], after.GetProperty("snappedBack").EnumerateArray().Select(b => b.GetString()));
        await ProblemAssert.RefusedAsync(
            fixture.Public,
            ct => agency.PostJsonAsync($"api/programs/{programs[0]}/disbursements", new { id = LedgerHttp.UniqueId("d"), budget, beneficiary = $"{budget}-household-1", amount = "5.00" }, ct),
            HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "frozen", Ct);
    }

    [Fact]
    public async Task The_report_pages_are_public_and_the_quarter_to_date_report_covers_the_current_quarter()
    {
        await fixture.FundedProgramAsync(1, "100.00", "50.00", Ct);
        await fixture.Admin.TriggerAndWaitAsync("quarterly-report", Ct);

        // The log began this quarter, so no quarter has ended since: nothing is published.
        Assert.Empty((await fixture.Public.GetJsonAsync("reports/index.json", Ct)).EnumerateArray());
        using HttpResponseMessage index = await fixture.Public.GetAsync(new Uri("reports/", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Contains("No quarter has ended", await index.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        string quarter = $"{DateTime.UtcNow.Year}-Q{((DateTime.UtcNow.Month - 1) / 3) + 1}";
        JsonElement json = await fixture.Public.GetJsonAsync("reports/quarter-to-date.json", Ct);
        Assert.Equal(quarter, json.Text("quarter"));
        ulong size = await fixture.Public.LogSizeAsync(Ct);
        Assert.Equal(size, json.GetProperty("checkpoint").GetProperty("size").GetUInt64());
        foreach ((string extension, string mediaType, string marker) in new[]
        {
            ("html", "text/html", "<svg"), ("csv", "text/csv", "section,budget,program"), ("xml", "application/xml", "<iati-activities"),
        })
        {
            using HttpResponseMessage response = await fixture.Public.GetAsync(new Uri($"reports/quarter-to-date.{extension}", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(marker, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct)), StringComparison.Ordinal);
        }

        // The page links the other formats of the same (unpublished) report.
        string page = await fixture.Public.GetStringAsync(new Uri("reports/quarter-to-date.html", UriKind.Relative), Ct);
        Assert.Contains("href=\"quarter-to-date.json\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"{quarter}.json\"", page, StringComparison.Ordinal);

        foreach (string missing in new[] { "reports/2020-Q1.json", "reports/2026-Q4.pdf", "reports/not-a-quarter.html" })
        {
            using HttpResponseMessage response = await fixture.Public.GetAsync(new Uri(missing, UriKind.Relative), Ct);
            await ProblemAssert.IsProblemAsync(response, [HttpStatusCode.NotFound], null, Ct);
        }
    }
}
