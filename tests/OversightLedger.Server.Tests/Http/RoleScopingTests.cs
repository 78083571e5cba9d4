using System.Net;
using System.Text.Json;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// DESIGN §5.8 over HTTP: agencies act only on their own programs, donors only on their own budgets, watchdogs
/// verify benchmarks, the public reads. Every refusal leaves the log exactly as it was.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class RoleScopingTests(LedgerServerFixture fixture)
{
    private const string Csv = "text/csv";
    private const string Forbidden = ProblemAssert.TypeBase + "forbidden";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writes_without_a_valid_key_are_401_and_write_nothing()
    {
        (_, _, _, FundedProgram setup) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        using HttpClient anonymous = fixture.Server.CreateClient();
        using HttpClient unknownKey = fixture.Server.CreateClient("olk_this-key-was-never-issued-by-the-server");

        foreach (HttpClient client in new[] { anonymous, unknownKey })
        {
            foreach ((string path, object body) in WriteCalls(setup))
            {
                await ProblemAssert.RefusedAsync(fixture.Public, ct => client.PostJsonAsync(path, body, ct), HttpStatusCode.Unauthorized, null, Ct);
            }

            await ProblemAssert.RefusedAsync(
                fixture.Public, ct => client.PostTextAsync($"api/programs/{setup.Program}/payment-lists", PaymentList(setup, "x-1"), Csv, ct), HttpStatusCode.Unauthorized, null, Ct);
            using HttpResponseMessage keys = await client.GetAsync(new Uri("api/keys", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, keys.StatusCode);
        }
    }

    [Fact]
    public async Task A_donor_lists_only_a_program_that_exists_in_the_budgets_currency()
    {
        (HttpClient donor, _, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        string notYet = LedgerHttp.UniqueId("program");
        string euros = LedgerHttp.UniqueId("program");
        await agency.PostJsonAsync("api/programs", new { id = euros, currency = "EUR", capPerPeriod = "10.00", period = "month" }, Ct).ExpectCreatedAsync(Ct);

        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => donor.PostJsonAsync($"api/budgets/{setup.Budget}/programs", new { program = notYet }, ct),
            HttpStatusCode.NotFound, ProblemAssert.TypeBase + "unknown-program", Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => donor.PostJsonAsync($"api/budgets/{setup.Budget}/programs", new { program = euros }, ct),
            [HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity], ProblemAssert.TypeBase + "currency-mismatch", Ct);

        // The program opened after the refused listing cannot draw on the budget.
        await agency.PostJsonAsync("api/programs", new { id = notYet, currency = "USD", capPerPeriod = "10.00", period = "month" }, Ct).ExpectCreatedAsync(Ct);
        await agency.PostJsonAsync($"api/programs/{notYet}/beneficiaries", new { reference = "late-1" }, Ct).ExpectCreatedAsync(Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public,
            ct => agency.PostJsonAsync($"api/programs/{notYet}/disbursements", new { id = LedgerHttp.UniqueId("d"), budget = setup.Budget, beneficiary = "late-1", amount = "5.00" }, ct),
            HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "ring-fence", Ct);
    }

    [Fact]
    public async Task A_donor_key_cannot_open_a_program_or_disburse()
    {
        (HttpClient donor, _, _, FundedProgram setup) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        string beneficiary = setup.Beneficiaries[0];

        await ProblemAssert.RefusedAsync(
            fixture.Public,
            ct => donor.PostJsonAsync("api/programs", new { id = LedgerHttp.UniqueId("program"), currency = "USD", capPerPeriod = "10.00", period = "month" }, ct),
            HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public,
            ct => donor.PostJsonAsync($"api/programs/{setup.Program}/disbursements", new { id = "d-1", budget = setup.Budget, beneficiary, amount = "5.00" }, ct),
            HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => donor.PostTextAsync($"api/programs/{setup.Program}/payment-lists", PaymentList(setup, "d-2"), Csv, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => donor.PostJsonAsync($"api/programs/{setup.Program}/beneficiaries", new { reference = "someone" }, ct), HttpStatusCode.Forbidden, null, Ct);

        // Nor is a donor an admin: no keys, no snap-back freeze.
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => donor.PostJsonAsync("api/keys", new { role = "admin", principal = "me" }, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => donor.PostJsonAsync($"api/budgets/{setup.Budget}/freeze", new { reason = "r", requestId = "freeze-1" }, ct), HttpStatusCode.Forbidden, null, Ct);

        JsonElement program = await fixture.Public.GetJsonAsync($"api/programs/{setup.Program}", Ct);
        Assert.Equal(0, program.GetProperty("disbursements").GetInt32());
        Assert.Equal(1, program.GetProperty("beneficiaries").GetInt32());
    }

    [Fact]
    public async Task An_agency_cannot_touch_another_agencys_program()
    {
        (_, _, HttpClient owner, FundedProgram setup) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        HttpClient other = await fixture.ClientAsync("agency", LedgerHttp.UniqueId("agency"), Ct);
        string beneficiary = setup.Beneficiaries[0];

        JsonElement problem = await ProblemAssert.RefusedAsync(
            fixture.Public,
            ct => other.PostJsonAsync($"api/programs/{setup.Program}/disbursements", new { id = "d-1", budget = setup.Budget, beneficiary, amount = "5.00" }, ct),
            HttpStatusCode.Forbidden, Forbidden, Ct);
        Assert.Contains(setup.Program, problem.Text("detail"), StringComparison.Ordinal);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => other.PostJsonAsync($"api/programs/{setup.Program}/beneficiaries", new { reference = "someone else" }, ct), HttpStatusCode.Forbidden, Forbidden, Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => other.PostTextAsync($"api/programs/{setup.Program}/payment-lists", PaymentList(setup, "d-2"), Csv, ct), HttpStatusCode.Forbidden, Forbidden, Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public,
            ct => other.PostTextAsync(
                $"api/programs/{setup.Program}/payment-lists", $$"""[{"id":"d-3","budget":"{{setup.Budget}}","beneficiary":"{{beneficiary}}","amount":"5.00"}]""", "application/json", ct),
            HttpStatusCode.Forbidden, Forbidden, Ct);

        // An agency has no say over budgets either, not even the one its program draws on.
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => owner.PostJsonAsync($"api/budgets/{setup.Budget}/programs", new { program = "mine-too" }, ct), HttpStatusCode.Forbidden, null, Ct);

        JsonElement program = await fixture.Public.GetJsonAsync($"api/programs/{setup.Program}", Ct);
        Assert.Equal(0, program.GetProperty("disbursements").GetInt32());
        Assert.Equal(1, program.GetProperty("beneficiaries").GetInt32());

        // The owner can do what the other agency could not.
        JsonElement disbursed = await owner.PostJsonAsync($"api/programs/{setup.Program}/disbursements", new { id = "d-1", budget = setup.Budget, beneficiary, amount = "5.00" }, Ct)
            .ExpectCreatedAsync(Ct);
        Assert.Equal(("d-1", $"disbursement/{setup.Program}/d-1"), (disbursed.Text("disbursementId"), disbursed.Text("entryId")));
    }

    [Fact]
    public async Task A_donor_cannot_release_or_fund_another_donors_budget()
    {
        (HttpClient owner, HttpClient watchdog, _, FundedProgram setup) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        HttpClient other = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        await owner.PostJsonAsync($"api/budgets/{setup.Budget}/funds", new { amount = "500.00", reference = "wire-2" }, Ct).ExpectCreatedAsync(Ct);
        await owner.PostJsonAsync($"api/budgets/{setup.Budget}/tranches", new { tranche = "t2", amount = "500.00", humanitarian = false, benchmarks = new[] { "bm2" } }, Ct)
            .ExpectCreatedAsync(Ct);
        await watchdog.PostJsonAsync(
            $"api/budgets/{setup.Budget}/tranches/t2/benchmarks/bm2/verifications", new { evidenceSha256 = LedgerHttp.EvidenceHash("bm2"), verifiedOn = "2025-02-01" }, Ct)
            .ExpectCreatedAsync(Ct);

        // Every benchmark of t2 is verified: the only thing wrong with the release is who asks for it.
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => other.PostJsonAsync($"api/budgets/{setup.Budget}/tranches/t2/release", new { amount = "500.00" }, ct), HttpStatusCode.Forbidden, Forbidden, Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => other.PostJsonAsync($"api/budgets/{setup.Budget}/funds", new { amount = "1.00", reference = "wire-x" }, ct), HttpStatusCode.Forbidden, Forbidden, Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => other.PostJsonAsync($"api/budgets/{setup.Budget}/tranches", new { tranche = "t3", amount = "1.00", humanitarian = true }, ct),
            HttpStatusCode.Forbidden, Forbidden, Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => other.PostJsonAsync($"api/budgets/{setup.Budget}/programs", new { program = "elsewhere" }, ct), HttpStatusCode.Forbidden, Forbidden, Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => other.PostJsonAsync($"api/budgets/{setup.Budget}/unfreeze", new { reason = "r", requestId = "unfreeze-1" }, ct), HttpStatusCode.Forbidden, Forbidden, Ct);

        JsonElement budget = await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct);
        Assert.Equal(1000.00m, budget.Amount("released"));
        Assert.Equal(1500.00m, budget.Amount("received"));

        JsonElement released = await owner.PostJsonAsync($"api/budgets/{setup.Budget}/tranches/t2/release", new { amount = "500.00" }, Ct).ExpectCreatedAsync(Ct);
        Assert.Equal("TrancheReleased", released.GetProperty("entry").Text("kind"));
        Assert.Equal(1500.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).Amount("released"));
    }

    [Fact]
    public async Task A_watchdog_records_a_benchmark_verification()
    {
        (HttpClient donor, _, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        string watchdogPrincipal = LedgerHttp.UniqueId("watchdog");
        HttpClient watchdog = await fixture.ClientAsync("watchdog", watchdogPrincipal, Ct);
        await donor.PostJsonAsync($"api/budgets/{setup.Budget}/tranches", new { tranche = "t2", amount = "100.00", humanitarian = false, benchmarks = new[] { "schools-open" } }, Ct)
            .ExpectCreatedAsync(Ct);
        string path = $"api/budgets/{setup.Budget}/tranches/t2/benchmarks/schools-open/verifications";
        var verification = new { evidenceSha256 = LedgerHttp.EvidenceHash("inspection report"), verifiedOn = "2025-03-31" };

        // Neither the donor nor an agency may verify: that is the independent watchdog's act.
        await ProblemAssert.RefusedAsync(fixture.Public, ct => donor.PostJsonAsync(path, verification, ct), HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => agency.PostJsonAsync(path, verification, ct), HttpStatusCode.Forbidden, null, Ct);

        ulong before = await fixture.Public.LogSizeAsync(Ct);
        JsonElement recorded = await watchdog.PostJsonAsync(path, verification, Ct).ExpectCreatedAsync(Ct);
        ulong after = await fixture.Public.LogSizeAsync(Ct);

        Assert.Equal(before + 1, after);
        Assert.Equal(before, recorded.GetProperty("leafIndex").GetUInt64());
        JsonElement entry = recorded.GetProperty("entry");
        Assert.Equal("BenchmarkVerified", entry.Text("kind"));
        Assert.Equal(watchdogPrincipal, entry.Text("verifier"));
        Assert.Equal(verification.evidenceSha256, entry.Text("evidenceSha256"));
        Assert.Equal("2025-03-31", entry.Text("verifiedOn"));
        JsonElement tranche = (await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).GetProperty("tranches").EnumerateArray()
            .Single(t => t.Text("tranche") == "t2");
        Assert.Equal(["schools-open"], tranche.GetProperty("verifiedBenchmarks").EnumerateArray().Select(b => b.GetString()));
    }

    [Fact]
    public async Task Public_reads_need_no_key()
    {
        (_, _, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        await agency.PostJsonAsync($"api/programs/{setup.Program}/disbursements", new { id = "public-1", budget = setup.Budget, beneficiary = setup.Beneficiaries[0], amount = "7.50" }, Ct)
            .ExpectCreatedAsync(Ct);
        ulong size = await fixture.Public.LogSizeAsync(Ct);

        foreach (string path in new[]
        {
            $"api/budgets/{setup.Budget}", $"api/budgets/{setup.Budget}/programs", $"api/programs/{setup.Program}",
            $"api/programs/{setup.Program}/disbursements/public-1", $"api/programs/{setup.Program}/disbursements/public-1/receipt.tlog-proof",
            $"api/programs/{setup.Program}/disbursements/public-1/entry",
            "verify", "verify/verify.js", "verify/receipt-check.js", "verify/verify.css", "verify/favicon.svg",
            "log/checkpoint", "log/key", $"log/proof/inclusion?index=0&treeSize={size}", $"log/proof/consistency?from=1&to={size}",
            "log/" + TilePath.Hash(0, 0, (int)Math.Min(size, 256)),
        })
        {
            using HttpResponseMessage response = await fixture.Public.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} without a key: {(int)response.StatusCode}");
        }

        Assert.Equal(7.50m, (await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).Amount("disbursed"));
    }

    /// <summary>One of every kind of write, with bodies that would otherwise be valid.</summary>
    [Fact]
    public async Task A_compliance_key_reviews_screenings_only_and_no_other_key_reviews()
    {
        (HttpClient donor, HttpClient watchdog, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        HttpClient compliance = await fixture.ClientAsync("compliance", LedgerHttp.UniqueId("compliance"), Ct);

        foreach ((string path, object body) in WriteCalls(setup).Where(c => !c.Path.StartsWith("api/counterparties", StringComparison.Ordinal) && !c.Path.StartsWith("api/sanctions", StringComparison.Ordinal)))
        {
            await ProblemAssert.RefusedAsync(fixture.Public, ct => compliance.PostJsonAsync(path, body, ct), [HttpStatusCode.Forbidden], null, Ct);
        }

        foreach (HttpClient other in new[] { donor, watchdog, agency, fixture.Admin })
        {
            foreach (string review in (string[])["clear", "confirm"])
            {
                await ProblemAssert.RefusedAsync(
                    fixture.Public, ct => other.PostJsonAsync($"api/counterparties/cpty-000000000000000000000000/screening/{review}", new { reason = "r" }, ct), HttpStatusCode.Forbidden, null, Ct);
            }
        }

        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => compliance.PostJsonAsync("api/counterparties/cpty-000000000000000000000000/screening/clear", new { reason = "r" }, ct), HttpStatusCode.NotFound,
            ProblemAssert.TypeBase + "unknown-counterparty", Ct);
        await ProblemAssert.RefusedAsync(fixture.Public, ct => donor.PostJsonAsync("api/sanctions/screen", new { name = "x" }, ct), HttpStatusCode.Forbidden, null, Ct);
    }

    private static IEnumerable<(string Path, object Body)> WriteCalls(FundedProgram setup)
    {
        string b = setup.Budget;
        yield return ("api/budgets", new { id = LedgerHttp.UniqueId("budget"), donor = "D", purpose = "72010", country = "SD", currency = "USD", pledged = "10.00" });
        yield return ($"api/budgets/{b}/funds", new { amount = "1.00", reference = "anonymous" });
        yield return ($"api/budgets/{b}/tranches", new { tranche = "t9", amount = "1.00", humanitarian = false });
        yield return ($"api/budgets/{b}/tranches/t1/benchmarks/bm1/verifications", new { evidenceSha256 = LedgerHttp.EvidenceHash("x"), verifiedOn = "2025-01-01" });
        yield return ($"api/budgets/{b}/tranches/t1/release", new { amount = "1.00" });
        yield return ($"api/budgets/{b}/verifiers", new { verifier = "watchdog-anonymous", group = "domestic" });
        yield return ($"api/budgets/{b}/vetting", new { threshold = "0" });
        yield return ($"api/budgets/{b}/vetters", new { vetter = "watchdog-anonymous" });
        yield return ($"api/programs/{setup.Program}/payment-lists/list-1/vetting", new { });
        yield return ($"api/budgets/{b}/tranches/t1/benchmarks/bm1/decision", new { outcome = "met", reason = "anonymous" });
        yield return ($"api/budgets/{b}/programs", new { program = "p-anonymous" });
        yield return ($"api/budgets/{b}/freeze", new { reason = "r", requestId = "f-1" });
        yield return ($"api/budgets/{b}/unfreeze", new { reason = "r", requestId = "u-1" });
        yield return ($"api/budgets/{b}/consequences/1/lift", new { reason = "r" });
        yield return ($"api/budgets/{b}/exemptions", new { exemption = "e", sectors = new[] { "72010" }, modalities = new[] { "cash" }, maxAmount = "1.00", sunset = "2099-01-01T00:00:00Z" });
        yield return ("api/programs", new { id = LedgerHttp.UniqueId("program"), currency = "USD", capPerPeriod = "10.00", period = "month" });
        yield return ($"api/programs/{setup.Program}/beneficiaries", new { reference = "anonymous" });
        yield return ($"api/programs/{setup.Program}/disbursements", new { id = "anon-1", budget = b, beneficiary = setup.Beneficiaries[0], amount = "1.00" });
        yield return ("api/keys", new { role = "admin", principal = "intruder" });
        yield return ("api/counterparties", new { kind = "vendor", name = "Anonymous Trading" });
        yield return ("api/counterparties/cpty-000000000000000000000000/screening/clear", new { reason = "r" });
        yield return ("api/counterparties/cpty-000000000000000000000000/screening/confirm", new { reason = "r" });
        yield return ("api/sanctions/screen", new { name = "Anonymous Trading" });
    }

    private static string PaymentList(FundedProgram setup, string id) => $"id,budget,beneficiary,amount\n{id},{setup.Budget},{setup.Beneficiaries[0]},5.00\n";
}
