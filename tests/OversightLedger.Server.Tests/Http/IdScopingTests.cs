using System.Net;
using System.Text.Json;
using OversightLedger.Domain.Entries;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// Ids cannot collide across principals (issue 11, item 1): an intruder who first uses the id the server would derive for
/// someone else's act — as a disbursement id, or as a request id on any command — neither blocks that act nor makes it
/// fail. Each test takes the id the server derived before (e.g. <c>funds-received:b:ref</c>, a valid client id) as a
/// disbursement id and as a request id, then the victim acts and must succeed; the id it derives now
/// (e.g. <c>funds-received/b/ref</c>) holds a '/', which no client id may (BadInputTests: a request id with a slash).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class IdScopingTests(LedgerServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_agency_using_a_donors_funds_id_first_does_not_block_the_funds()
    {
        (HttpClient donor, _, _, FundedProgram victim) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        await TakeAsync(disbursementIds: [$"funds-received:{victim.Budget}:TRF-002"], requestIds: [$"funds-received:{victim.Budget}:TRF-002"]);

        JsonElement funds = await donor.PostJsonAsync($"api/budgets/{victim.Budget}/funds", new { amount = "250.00", reference = "TRF-002" }, Ct).ExpectCreatedAsync(Ct);

        AssertRecorded(funds, "FundsReceived", EntryIds.FundsReceived(victim.Budget, "TRF-002"));
        Assert.Equal(1250.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{victim.Budget}", Ct)).Amount("received"));
    }

    [Fact]
    public async Task An_agency_using_a_donors_tranche_release_id_first_does_not_block_the_release()
    {
        (HttpClient donor, HttpClient watchdog, _, FundedProgram victim) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        await donor.PostJsonAsync($"api/budgets/{victim.Budget}/funds", new { amount = "500.00", reference = "wire-2" }, Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{victim.Budget}/tranches", new { tranche = "t2", amount = "500.00", humanitarian = false, benchmarks = new[] { "bm2" } }, Ct)
            .ExpectCreatedAsync(Ct);
        await watchdog.PostJsonAsync(
            $"api/budgets/{victim.Budget}/tranches/t2/benchmarks/bm2/verifications", new { evidenceSha256 = LedgerHttp.EvidenceHash("bm2"), verifiedOn = "2025-02-01" }, Ct)
            .ExpectCreatedAsync(Ct);
        await TakeAsync(disbursementIds: [$"tranche-released:{victim.Budget}:t2"], requestIds: [$"tranche-released:{victim.Budget}:t2"]);

        JsonElement released = await donor.PostJsonAsync($"api/budgets/{victim.Budget}/tranches/t2/release", new { amount = "500.00" }, Ct).ExpectCreatedAsync(Ct);

        AssertRecorded(released, "TrancheReleased", EntryIds.TrancheReleased(victim.Budget, "t2"));
        Assert.Equal(1500.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{victim.Budget}", Ct)).Amount("released"));
    }

    [Fact]
    public async Task An_agency_using_a_budgets_opening_id_first_does_not_block_the_donor_from_opening_it()
    {
        HttpClient donor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        string budget = LedgerHttp.UniqueId("budget");
        await TakeAsync(disbursementIds: [$"budget-opened:{budget}"], requestIds: [$"budget-opened:{budget}"]);

        JsonElement opened = await donor.PostJsonAsync("api/budgets", new { id = budget, donor = "Donor", purpose = "72010", country = "SD", currency = "USD", pledged = "10.00" }, Ct)
            .ExpectCreatedAsync(Ct);

        AssertRecorded(opened, "BudgetOpened", EntryIds.BudgetOpened(budget));
        Assert.Equal("USD", (await fixture.Public.GetJsonAsync($"api/budgets/{budget}", Ct)).Text("currency"));
    }

    [Fact]
    public async Task An_agency_using_a_programs_opening_id_first_does_not_block_another_agency_from_opening_it()
    {
        string agencyPrincipal = LedgerHttp.UniqueId("agency");
        HttpClient agency = await fixture.ClientAsync("agency", agencyPrincipal, Ct);
        string program = LedgerHttp.UniqueId("program");
        await TakeAsync(disbursementIds: [$"program-opened:{program}"], requestIds: [$"program-opened:{program}"]);

        JsonElement opened = await agency.PostJsonAsync("api/programs", new { id = program, currency = "USD", capPerPeriod = "10.00", period = "month" }, Ct).ExpectCreatedAsync(Ct);

        AssertRecorded(opened, "ProgramOpened", EntryIds.ProgramOpened(program));
        Assert.Equal(agencyPrincipal, (await fixture.Public.GetJsonAsync($"api/programs/{program}", Ct)).Text("agency"));
    }

    [Fact]
    public async Task The_accused_agency_using_the_resolution_id_first_does_not_stop_the_watchdog_resolving_the_finding()
    {
        // A duplicate-beneficiary finding about the agency's two programs, raised by a registered watchdog.
        (HttpClient donor, HttpClient watchdog, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        string budget = setup.Budget;
        string[] programs = [setup.Program, LedgerHttp.UniqueId("program")];
        await agency.PostJsonAsync("api/programs", new { id = programs[1], currency = "USD", capPerPeriod = "100.00", period = "month" }, Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{budget}/programs", new { program = programs[1] }, Ct).ExpectCreatedAsync(Ct);
        await FundedProgram.EnrollAsync(agency, programs[1], [setup.Beneficiaries[0]], Ct);
        foreach (string program in programs)
        {
            await agency.PostJsonAsync($"api/programs/{program}/disbursements", new { id = "d-1", budget, beneficiary = setup.Beneficiaries[0], amount = "25.00" }, Ct).ExpectCreatedAsync(Ct);
        }

        // The watchdog's request id of another act (a benchmark verification), for later.
        await donor.PostJsonAsync($"api/budgets/{budget}/tranches", new { tranche = "t2", amount = "1.00", humanitarian = false, benchmarks = new[] { "b2" } }, Ct).ExpectCreatedAsync(Ct);
        await watchdog.PostJsonAsync(
            $"api/budgets/{budget}/tranches/t2/benchmarks/b2/verifications", new { evidenceSha256 = LedgerHttp.EvidenceHash(budget), verifiedOn = "2025-11-01", requestId = "wd-request-1" }, Ct)
            .ExpectCreatedAsync(Ct);

        string id = LedgerHttp.UniqueId("wd");
        await watchdog.PostJsonAsync("api/watchdogs", new { id, name = "Budget Watch", budgets = new[] { budget } }, Ct).ExpectCreatedAsync(Ct);
        await (await watchdog.PostAsync(new Uri($"api/watchdogs/{id}/scan", UriKind.Relative), null, Ct)).ExpectJsonAsync(HttpStatusCode.OK, Ct);
        string finding = Assert.Single(
            (await fixture.Public.GetJsonAsync($"api/watchdogs/{id}/findings", Ct)).EnumerateArray(), f => f.Text("class") == "duplicate-beneficiary").Text("finding");

        // The accused agency tries to take the resolution's ids first, as request ids of its own acts: a request id has
        // the shape of every id a caller chooses (no '/', at most 64 characters), so neither form is even accepted...
        foreach (string resolutionId in new[] { $"finding-resolved:{finding}", EntryIds.FindingResolved(finding) })
        {
            JsonElement refused = await ProblemAssert.RefusedAsync(
                fixture.Public,
                ct => agency.PostJsonAsync($"api/programs/{programs[0]}/beneficiaries", new { reference = LedgerHttp.UniqueId("ref"), requestId = resolutionId }, ct),
                HttpStatusCode.BadRequest, ProblemAssert.TypeBase + "validation", Ct);
            Assert.Equal("requestId", refused.Text("field"));
        }

        // ...and one it may send is scoped to the agency (request/<agency>/<id>), far from any id the watchdog's acts take.
        JsonElement scoped = await agency.PostJsonAsync(
            $"api/programs/{programs[0]}/beneficiaries", new { reference = LedgerHttp.UniqueId("ref"), requestId = "finding-resolved" }, Ct).ExpectCreatedAsync(Ct);
        Assert.StartsWith(EntryIds.RequestKind + "/", scoped.GetProperty("recorded").Text("entryId"), StringComparison.Ordinal);

        // The watchdog's own request id used before for another act is refused as such, with nothing written...
        JsonElement taken = await ProblemAssert.RefusedAsync(
            fixture.Public,
            ct => watchdog.PostJsonAsync($"api/watchdogs/{id}/findings/{finding}/resolution", new { outcome = "confirmed", action = "Recover it.", requestId = "wd-request-1" }, ct),
            HttpStatusCode.Conflict, ProblemAssert.TypeBase + "duplicate", Ct);
        Assert.Contains("already used", taken.Text("detail"), StringComparison.Ordinal);

        // ...and the resolution itself goes through.
        JsonElement resolved = await watchdog.PostJsonAsync($"api/watchdogs/{id}/findings/{finding}/resolution", new { outcome = "confirmed", action = "Recover the double payment." }, Ct)
            .ExpectCreatedAsync(Ct);
        AssertRecorded(resolved, "FindingResolved", EntryIds.FindingResolved(finding));
        Assert.Equal("confirmed", Assert.Single((await fixture.Public.GetJsonAsync($"api/watchdogs/{id}/findings", Ct)).EnumerateArray(), f => f.Text("finding") == finding).Text("state"));
    }

    [Fact]
    public async Task Derived_ids_stay_apart_when_parts_hold_the_old_separator()
    {
        // Budget "x" with reference "b:c" and budget "x:b" with reference "c" gave the same id funds-received:x:b:c.
        HttpClient first = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        HttpClient second = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        string budget = LedgerHttp.UniqueId("budget");
        foreach ((HttpClient donor, string id) in new[] { (first, budget), (second, budget + ":b") })
        {
            await donor.PostJsonAsync("api/budgets", new { id, donor = "Donor", purpose = "72010", country = "SD", currency = "USD", pledged = "10.00" }, Ct).ExpectCreatedAsync(Ct);
        }

        JsonElement theirs = await second.PostJsonAsync($"api/budgets/{budget}:b/funds", new { amount = "1.00", reference = "c" }, Ct).ExpectCreatedAsync(Ct);
        JsonElement mine = await first.PostJsonAsync($"api/budgets/{budget}/funds", new { amount = "2.00", reference = "b:c" }, Ct).ExpectCreatedAsync(Ct);

        Assert.NotEqual(theirs.Text("entryId"), mine.Text("entryId"));
        Assert.Equal(2.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{budget}", Ct)).Amount("received"));
        Assert.Equal(1.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{budget}:b", Ct)).Amount("received"));
    }

    [Fact]
    public async Task A_request_id_reused_by_the_same_principal_for_a_different_act_is_409_and_writes_nothing()
    {
        HttpClient donor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        HttpClient agency = await fixture.ClientAsync("agency", LedgerHttp.UniqueId("agency"), Ct);
        string requestId = LedgerHttp.UniqueId("request");
        string[] budgets = [LedgerHttp.UniqueId("budget"), LedgerHttp.UniqueId("budget")];
        string[] programs = [LedgerHttp.UniqueId("program"), LedgerHttp.UniqueId("program")];
        object OpenBudget(string id) => new { id, donor = "Donor", purpose = "72010", country = "SD", currency = "USD", pledged = "10.00", requestId };
        object OpenProgram(string id) => new { id, currency = "USD", capPerPeriod = "10.00", period = "month", requestId };
        JsonElement opened = await donor.PostJsonAsync("api/budgets", OpenBudget(budgets[0]), Ct).ExpectCreatedAsync(Ct);
        await agency.PostJsonAsync("api/programs", OpenProgram(programs[0]), Ct).ExpectCreatedAsync(Ct);

        // The same request again is the same act: the same entry, nothing new.
        JsonElement again = await donor.PostJsonAsync("api/budgets", OpenBudget(budgets[0]), Ct).ExpectCreatedAsync(Ct);
        Assert.Equal(opened.GetProperty("leafIndex").GetUInt64(), again.GetProperty("leafIndex").GetUInt64());

        // The same request id for another act (on another budget, on another program) is refused, and nothing changes.
        JsonElement budgetProblem = await ProblemAssert.RefusedAsync(
            fixture.Public, ct => donor.PostJsonAsync("api/budgets", OpenBudget(budgets[1]), ct), HttpStatusCode.Conflict, ProblemAssert.TypeBase + "duplicate", Ct);
        JsonElement programProblem = await ProblemAssert.RefusedAsync(
            fixture.Public, ct => agency.PostJsonAsync("api/programs", OpenProgram(programs[1]), ct), HttpStatusCode.Conflict, ProblemAssert.TypeBase + "duplicate", Ct);
        Assert.All([budgetProblem, programProblem], problem => Assert.Equal("duplicate", problem.Text("code")));
        foreach ((string path, string id) in new[] { ("api/budgets", budgets[1]), ("api/programs", programs[1]) })
        {
            using HttpResponseMessage missing = await fixture.Public.GetAsync(new Uri($"{path}/{id}", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // Another principal's request id is its own: the same text opens the second budget for another donor.
        HttpClient otherDonor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        await otherDonor.PostJsonAsync("api/budgets", OpenBudget(budgets[1]), Ct).ExpectCreatedAsync(Ct);
    }

    private static void AssertRecorded(JsonElement recorded, string kind, string entryId)
    {
        Assert.Equal(entryId, recorded.Text("entryId"));
        Assert.Equal((kind, entryId), (recorded.GetProperty("entry").Text("kind"), recorded.GetProperty("entry").Text("id")));
    }

    /// <summary>An intruder agency with a funded program of its own uses the ids given: each as a disbursement id, or as the request id of an enrolment.</summary>
    private async Task TakeAsync(string[] disbursementIds, string[] requestIds)
    {
        (_, _, HttpClient intruder, FundedProgram own) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        foreach (string id in disbursementIds)
        {
            await intruder.PostJsonAsync($"api/programs/{own.Program}/disbursements", new { id, budget = own.Budget, beneficiary = own.Beneficiaries[0], amount = "1.00" }, Ct)
                .ExpectCreatedAsync(Ct);
        }

        foreach (string requestId in requestIds)
        {
            await intruder.PostJsonAsync($"api/programs/{own.Program}/beneficiaries", new { reference = LedgerHttp.UniqueId("ref"), requestId }, Ct).ExpectCreatedAsync(Ct);
        }
    }
}
