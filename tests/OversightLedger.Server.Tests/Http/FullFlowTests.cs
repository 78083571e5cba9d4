using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using OversightLedger.Domain.Entries;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Receipts;

namespace OversightLedger.Server.Tests.Http;

/// <summary>The whole flow as its users would go through it over HTTP, from a new budget to a verified receipt, and a payment list.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class FullFlowTests(LedgerServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_donor_funds_an_agency_that_disburses_and_gets_a_verifiable_receipt()
    {
        string donorPrincipal = LedgerHttp.UniqueId("donor");
        string agencyPrincipal = LedgerHttp.UniqueId("agency");
        HttpClient donor = await fixture.ClientAsync("donor", donorPrincipal, Ct);
        HttpClient watchdog = await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"), Ct);
        HttpClient agency = await fixture.ClientAsync("agency", agencyPrincipal, Ct);
        string budget = LedgerHttp.UniqueId("budget");
        string program = LedgerHttp.UniqueId("program");

        // The donor opens a ring-fenced budget, records the funds received and a tranche with two benchmarks.
        ulong start = await fixture.Public.LogSizeAsync(Ct);
        JsonElement opened = await donor.PostJsonAsync(
            "api/budgets", new { id = budget, donor = "Ministry of Foreign Affairs", purpose = "72010", country = "SD", currency = "USD", pledged = "250000.00" }, Ct)
            .ExpectCreatedAsync(Ct);
        Assert.Equal(start, opened.GetProperty("leafIndex").GetUInt64());
        Assert.Equal("BudgetOpened", opened.GetProperty("entry").Text("kind"));
        Assert.Equal(donorPrincipal, opened.GetProperty("entry").Text("owner"));
        JsonElement funds = await donor.PostJsonAsync($"api/budgets/{budget}/funds", new { amount = "100000.00", reference = "wire-2025-001" }, Ct).ExpectCreatedAsync(Ct);
        JsonElement fundsAgain = await donor.PostJsonAsync($"api/budgets/{budget}/funds", new { amount = "100000.00", reference = "wire-2025-001" }, Ct).ExpectCreatedAsync(Ct);
        Assert.Equal(funds.GetProperty("leafIndex").GetUInt64(), fundsAgain.GetProperty("leafIndex").GetUInt64());
        await donor.PostJsonAsync($"api/budgets/{budget}/tranches", new { tranche = "t1", amount = "60000.00", humanitarian = false, benchmarks = new[] { "registry-published", "audit-passed" } }, Ct)
            .ExpectCreatedAsync(Ct);

        // No release before every benchmark has an independent verification.
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => donor.PostJsonAsync($"api/budgets/{budget}/tranches/t1/release", new { amount = "60000.00" }, ct),
            HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "benchmark-not-verified", Ct);
        foreach (string benchmark in new[] { "registry-published", "audit-passed" })
        {
            await watchdog.PostJsonAsync(
                $"api/budgets/{budget}/tranches/t1/benchmarks/{benchmark}/verifications", new { evidenceSha256 = LedgerHttp.EvidenceHash(benchmark), verifiedOn = "2025-04-01" }, Ct)
                .ExpectCreatedAsync(Ct);
        }

        JsonElement released = await donor.PostJsonAsync($"api/budgets/{budget}/tranches/t1/release", new { amount = "60000.00" }, Ct).ExpectCreatedAsync(Ct);
        Assert.Equal(["audit-passed", "registry-published"], released.GetProperty("entry").GetProperty("verifications").EnumerateArray().Select(v => v.GetString()).Order(StringComparer.Ordinal));

        // The agency opens a program and enrols a household; only its pseudonym reaches the log.
        await agency.PostJsonAsync("api/programs", new { id = program, currency = "USD", capPerPeriod = "150.00", period = "month" }, Ct).ExpectCreatedAsync(Ct);
        JsonElement enrolled = await agency.PostJsonAsync($"api/programs/{program}/beneficiaries", new { reference = "HH-0001 Amina" }, Ct).ExpectCreatedAsync(Ct);
        string pseudonym = enrolled.Text("pseudonym");
        Assert.StartsWith("ps_", pseudonym, StringComparison.Ordinal);
        Assert.DoesNotContain("Amina", enrolled.GetProperty("recorded").GetRawText(), StringComparison.Ordinal);

        // The ring-fence: no disbursement until the donor lists the program on the budget.
        var disbursement = new { id = LedgerHttp.UniqueId("d"), budget, beneficiary = "HH-0001 Amina", amount = "120.00" };
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => agency.PostJsonAsync($"api/programs/{program}/disbursements", disbursement, ct),
            HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "ring-fence", Ct);
        await donor.PostJsonAsync($"api/budgets/{budget}/programs", new { program }, Ct).ExpectCreatedAsync(Ct);

        // The disbursement: 201, its leaf, and where its receipt is.
        ulong before = await fixture.Public.LogSizeAsync(Ct);
        HttpResponseMessage response = await agency.PostJsonAsync($"api/programs/{program}/disbursements", disbursement, Ct);
        Assert.Equal($"/api/programs/{program}/disbursements/{disbursement.id}", response.Headers.Location?.OriginalString);
        JsonElement recorded = await response.ExpectJsonAsync(HttpStatusCode.Created, Ct);
        Assert.Equal((disbursement.id, EntryIds.Disbursement(program, disbursement.id)), (recorded.Text("disbursementId"), recorded.Text("entryId")));
        ulong leaf = recorded.GetProperty("leafIndex").GetUInt64();
        Assert.Equal(before, leaf);
        Assert.Equal(before + 1, await fixture.Public.LogSizeAsync(Ct));
        JsonElement entry = recorded.GetProperty("entry");
        Assert.Equal(("Disbursed", "120.00", "USD", pseudonym, "t1", program, budget), (entry.Text("kind"), entry.Text("amount"), entry.Text("currency"), entry.Text("beneficiary"), entry.Text("tranche"), entry.Text("program"), entry.Text("budget")));

        // The receipt verifies against the signed checkpoint, and so does the tlog-proof file.
        byte[] entryBytes = await fixture.Public.GetByteArrayAsync(new Uri($"api/programs/{program}/disbursements/{disbursement.id}/entry", UriKind.Relative), Ct);
        Checkpoint checkpoint = await ReceiptAssert.VerifiesAsync(fixture.Public, fixture.Verifier, program, disbursement.id, leaf, entryBytes, Ct);
        Assert.Equal(entryBytes, await fixture.Public.ReadLogEntryAsync(leaf, checkpoint.Size, Ct));
        byte[] tlogProofFile = await fixture.Public.GetByteArrayAsync(new Uri($"api/programs/{program}/disbursements/{disbursement.id}/receipt.tlog-proof", UriKind.Relative), Ct);
        TlogProof tlogProof = TlogProof.Parse(tlogProofFile);
        Assert.Equal(leaf, tlogProof.Index);
        SignedCheckpoint proven = tlogProof.Verify(entryBytes, fixture.Verifier);
        Assert.True(proven.Checkpoint.Size > leaf);
        byte[] tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(entryBytes).Replace("\"120.00\"", "\"12.00\"", StringComparison.Ordinal));
        Assert.Throws<ProofVerificationException>(() => tlogProof.Verify(tampered, fixture.Verifier));

        // A replay is the same disbursement, not a second one; the same id for something else is refused.
        JsonElement replay = await agency.PostJsonAsync($"api/programs/{program}/disbursements", disbursement, Ct).ExpectCreatedAsync(Ct);
        Assert.Equal(leaf, replay.GetProperty("leafIndex").GetUInt64());
        Assert.Equal(entry.GetRawText(), replay.GetProperty("entry").GetRawText());
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => agency.PostJsonAsync($"api/programs/{program}/disbursements", disbursement with { amount = "20.00" }, ct),
            HttpStatusCode.Conflict, ProblemAssert.TypeBase + "duplicate", Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => agency.PostJsonAsync($"api/programs/{program}/disbursements", disbursement with { id = LedgerHttp.UniqueId("d"), amount = "40.00" }, ct),
            HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "cap-exceeded", Ct);

        // The balances add up.
        JsonElement budgetView = await fixture.Public.GetJsonAsync($"api/budgets/{budget}", Ct);
        Assert.Equal(
            (100000.00m, 60000.00m, 0m, 120.00m, 59880.00m),
            (budgetView.Amount("received"), budgetView.Amount("released"), budgetView.Amount("reserved"), budgetView.Amount("disbursed"), budgetView.Amount("available")));
        Assert.Equal([program], budgetView.GetProperty("eligiblePrograms").EnumerateArray().Select(p => p.GetString()));
        JsonElement programView = await fixture.Public.GetJsonAsync($"api/programs/{program}", Ct);
        Assert.Equal((agencyPrincipal, 1, 1, 120.00m), (programView.Text("agency"), programView.GetProperty("beneficiaries").GetInt32(), programView.GetProperty("disbursements").GetInt32(), programView.Amount("disbursed")));
    }

    [Fact]
    public async Task A_payment_list_of_two_thousand_rows_gets_a_result_per_row()
    {
        const int rows = 2_000;
        const int beneficiaries = 200; // 10 rows of 5.00 each, well under the cap of 100.00
        (_, _, HttpClient agency, FundedProgram setup) = await fixture.FundedProgramAsync(beneficiaries + 1, "50000.00", "100.00", Ct);
        string capped = setup.Beneficiaries[beneficiaries];

        var expected = new (string Status, string? Code)[rows];
        var csv = new StringBuilder("id,budget,beneficiary,amount\n");
        for (int i = 0; i < rows; i++)
        {
            (string id, string budget, string beneficiary, string amount, string? code) = i switch
            {
                100 => (Row(i), setup.Budget, setup.Beneficiaries[i % beneficiaries], "5.001", "invalid-request"),
                200 => (Row(i), setup.Budget, setup.Beneficiaries[i % beneficiaries], "five", "invalid-request"),
                300 => ("bad id", setup.Budget, setup.Beneficiaries[i % beneficiaries], "5.00", "invalid-request"),
                400 => (Row(i), "no-such-budget", setup.Beneficiaries[i % beneficiaries], "5.00", "unknown-budget"),
                500 => (Row(i), setup.Budget, "NEVER-ENROLLED", "5.00", "unknown-beneficiary"),
                600 => (Row(i), setup.Budget, setup.Beneficiaries[i % beneficiaries], "-5.00", "invalid-amount"),
                700 => (Row(i), setup.Budget, string.Empty, "5.00", "invalid-request"),
                1500 => (Row(10), setup.Budget, setup.Beneficiaries[i % beneficiaries], "6.00", "duplicate"), // row 10's id, another disbursement
                rows - 1 => (Row(i), setup.Budget, capped, "100.01", "cap-exceeded"),
                _ => (Row(i), setup.Budget, setup.Beneficiaries[i % beneficiaries], "5.00", null),
            };
            csv.Append(CultureInfo.InvariantCulture, $"{id},{budget},{beneficiary},{amount}\n");
            expected[i] = code is null ? ("accepted", null) : ("rejected", code);
        }

        int accepted = expected.Count(e => e.Status == "accepted");
        ulong before = await fixture.Public.LogSizeAsync(Ct);
        JsonElement report = await (await agency.PostTextAsync($"api/programs/{setup.Program}/payment-lists", csv.ToString(), "text/csv", Ct)).ExpectJsonAsync(HttpStatusCode.OK, Ct);
        ulong after = await fixture.Public.LogSizeAsync(Ct);

        Assert.Equal((setup.Program, rows, accepted, rows - accepted), (report.Text("program"), report.GetProperty("rows").GetInt32(), report.GetProperty("accepted").GetInt32(), report.GetProperty("rejected").GetInt32()));
        JsonElement[] results = [.. report.GetProperty("results").EnumerateArray()];
        Assert.Equal(rows, results.Length);
        var leaves = new HashSet<ulong>();
        for (int i = 0; i < rows; i++)
        {
            JsonElement result = results[i];
            string? code = result.GetProperty("code").GetString();
            Assert.True(
                result.GetProperty("row").GetInt32() == i + 1 && result.Text("status") == expected[i].Status && code == expected[i].Code,
                $"Row {i + 1}: expected {expected[i]}, got {result.GetRawText()}");
            if (expected[i].Status == "accepted")
            {
                ulong leaf = result.GetProperty("leafIndex").GetUInt64();
                Assert.True(leaf >= before && leaf < after && leaves.Add(leaf), $"Row {i + 1}: leaf {leaf} is not a new leaf in [{before}, {after}).");
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, result.GetProperty("leafIndex").ValueKind);
            }
        }

        Assert.Equal((ulong)accepted, after - before);
        JsonElement programView = await fixture.Public.GetJsonAsync($"api/programs/{setup.Program}", Ct);
        Assert.Equal((beneficiaries + 1, accepted, accepted * 5.00m), (programView.GetProperty("beneficiaries").GetInt32(), programView.GetProperty("disbursements").GetInt32(), programView.Amount("disbursed")));
        JsonElement budgetView = await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct);
        Assert.Equal((accepted * 5.00m, 0m, 50000.00m - (accepted * 5.00m)), (budgetView.Amount("disbursed"), budgetView.Amount("reserved"), budgetView.Amount("available")));

        // Receipts of rows from the list verify like any other.
        foreach (int i in new[] { 0, 10, 999, rows - 2 })
        {
            Assert.Equal((Row(i), EntryIds.Disbursement(setup.Program, Row(i))), (results[i].Text("id"), results[i].Text("entryId")));
            await ReceiptAssert.VerifiesAsync(fixture.Public, fixture.Verifier, setup.Program, Row(i), results[i].GetProperty("leafIndex").GetUInt64(), null, Ct);
        }

        // Sending the same list again moves no money: the same result for every row, and the log stays as it is.
        JsonElement again = await (await agency.PostTextAsync($"api/programs/{setup.Program}/payment-lists", csv.ToString(), "text/csv", Ct)).ExpectJsonAsync(HttpStatusCode.OK, Ct);
        Assert.Equal(after, await fixture.Public.LogSizeAsync(Ct));
        JsonElement[] againResults = [.. again.GetProperty("results").EnumerateArray()];
        for (int i = 0; i < rows; i++)
        {
            Assert.True(
                (results[i].Text("status"), results[i].GetProperty("code").GetString(), results[i].GetProperty("leafIndex").ToString())
                    == (againResults[i].Text("status"), againResults[i].GetProperty("code").GetString(), againResults[i].GetProperty("leafIndex").ToString()),
                $"Row {i + 1} the second time: {againResults[i].GetRawText()}, the first time: {results[i].GetRawText()}");
        }

        Assert.Equal(accepted * 5.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).Amount("disbursed"));
    }

    [Fact]
    public async Task Two_agencies_can_both_use_disbursement_id_dsb_1_in_their_own_programs()
    {
        // A disbursement id is the agency's own, scoped to its program: another agency's dsb-1 neither blocks nor answers for it.
        (_, _, HttpClient agencyA, FundedProgram a) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        (_, _, HttpClient agencyB, FundedProgram b) = await fixture.FundedProgramAsync(2, "1000.00", "100.00", Ct);
        const string id = "dsb-1";
        JsonElement first = await agencyA.PostJsonAsync($"api/programs/{a.Program}/disbursements", new { id, budget = a.Budget, beneficiary = a.Beneficiaries[0], amount = "10.00" }, Ct)
            .ExpectCreatedAsync(Ct);
        JsonElement second = await agencyB.PostJsonAsync($"api/programs/{b.Program}/disbursements", new { id, budget = b.Budget, beneficiary = b.Beneficiaries[0], amount = "30.00" }, Ct)
            .ExpectCreatedAsync(Ct);
        JsonElement list = await (await agencyB.PostTextAsync(
            $"api/programs/{b.Program}/payment-lists", $"id,budget,beneficiary,amount\ndsb-2,{b.Budget},{b.Beneficiaries[1]},20.00\n", "text/csv", Ct)).ExpectJsonAsync(HttpStatusCode.OK, Ct);
        JsonElement row = list.GetProperty("results")[0];
        Assert.Equal(("dsb-2", "accepted", EntryIds.Disbursement(b.Program, "dsb-2")), (row.Text("id"), row.Text("status"), row.Text("entryId")));

        Assert.Equal((id, id), (first.Text("disbursementId"), second.Text("disbursementId")));
        Assert.Equal((EntryIds.Disbursement(a.Program, id), EntryIds.Disbursement(b.Program, id)), (first.Text("entryId"), second.Text("entryId")));
        Assert.NotEqual(first.GetProperty("leafIndex").GetUInt64(), second.GetProperty("leafIndex").GetUInt64());
        Assert.Equal(10.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{a.Budget}", Ct)).Amount("disbursed"));
        Assert.Equal(50.00m, (await fixture.Public.GetJsonAsync($"api/budgets/{b.Budget}", Ct)).Amount("disbursed"));

        // Each receipt is its own program's entry, at its own leaf.
        await ReceiptAssert.VerifiesAsync(fixture.Public, fixture.Verifier, a.Program, id, first.GetProperty("leafIndex").GetUInt64(), null, Ct);
        await ReceiptAssert.VerifiesAsync(fixture.Public, fixture.Verifier, b.Program, id, second.GetProperty("leafIndex").GetUInt64(), null, Ct);
        Assert.Equal(30.00m, (await fixture.Public.GetJsonAsync($"api/programs/{b.Program}/disbursements/{id}", Ct)).GetProperty("entry").Amount("amount"));
    }

    private static string Row(int i) => $"row-{i:D4}";
}
