using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Vetting;

/// <summary>
/// Issue 15 item 4 against the real server: a budget requiring vetting answers a payment list with 202; the registered
/// vetting body reads the rows, approves all but one; only the approved rows are paid and the status shows every row's
/// result. A second list survives <c>kill -9</c> right after its 202: approved after the restart, it is paid.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class PaymentListVettingHttpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Csv(FundedProgram setup, string prefix, params string[] amounts) =>
        "id,budget,beneficiary,amount\n" + string.Concat(amounts.Select((amount, i) => $"{prefix}-{i + 1},{setup.Budget},{setup.Beneficiaries[i]},{amount}\n"));

    [Fact]
    public async Task A_vetted_list_pays_only_its_approved_rows_and_survives_SIGKILL_after_its_202()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(Ct);
        using HttpClient admin = server.CreateClient(ServerProcess.AdminKey);
        string vetterId = LedgerHttp.UniqueId("civil-society");
        string donorKey = await admin.CreateKeyAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        string agencyKey = await admin.CreateKeyAsync("agency", LedgerHttp.UniqueId("agency"), Ct);
        string vetterKey = await admin.CreateKeyAsync("watchdog", vetterId, Ct);
        string otherWatchdogKey = await admin.CreateKeyAsync("watchdog", LedgerHttp.UniqueId("other-watchdog"), Ct);
        FundedProgram setup;
        using (HttpClient donor = server.CreateClient(donorKey))
        using (HttpClient agency = server.CreateClient(agencyKey))
        using (HttpClient verifier = server.CreateClient(await admin.CreateKeyAsync("watchdog", LedgerHttp.UniqueId("verifier"), Ct)))
        {
            setup = await FundedProgram.CreateAsync(donor, verifier, agency, 4, "1000.00", "100.00", Ct);
            // The term: every list is vetted, waiting at most 7 days (the default); and its vetting body.
            JsonElement term = await donor.PostJsonAsync($"api/budgets/{setup.Budget}/vetting", new { threshold = "0" }, Ct).ExpectCreatedAsync(Ct);
            Assert.Equal(7, term.GetProperty("entry").GetProperty("maxWaitDays").GetInt32());
            await donor.PostJsonAsync($"api/budgets/{setup.Budget}/vetters", new { vetter = vetterId }, Ct).ExpectCreatedAsync(Ct);
            JsonElement shown = await server.CreateClient().GetJsonAsync($"api/budgets/{setup.Budget}/vetting", Ct);
            Assert.Equal([vetterId], shown.GetProperty("vetters").EnumerateArray().Select(v => v.GetString()));
        }

        using (HttpClient agency = server.CreateClient(agencyKey))
        using (HttpClient vetter = server.CreateClient(vetterKey))
        using (HttpClient otherWatchdog = server.CreateClient(otherWatchdogKey))
        {
            // A single payment outside a vetted list is refused.
            HttpResponseMessage direct = await agency.PostJsonAsync(
                $"api/programs/{setup.Program}/disbursements", new { id = "direct-1", budget = setup.Budget, beneficiary = setup.Beneficiaries[0], amount = "5.00" }, Ct);
            Assert.Equal("https://oversightledger.org/problems/vetting-required", (await direct.ExpectJsonAsync(HttpStatusCode.UnprocessableEntity, Ct)).Text("type"));

            string csv = Csv(setup, "row", "10.00", "20.00", "30.00");
            ulong before = await agency.LogSizeAsync(Ct);
            HttpResponseMessage submitted = await agency.PostTextAsync($"api/programs/{setup.Program}/payment-lists?list=april", csv, "text/csv", Ct);
            JsonElement accepted = await submitted.ExpectJsonAsync(HttpStatusCode.Accepted, Ct);
            Assert.Equal($"/api/programs/{setup.Program}/payment-lists/april", submitted.Headers.Location?.OriginalString);
            string sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv)));
            JsonElement entry = accepted.GetProperty("recorded").GetProperty("entry");
            Assert.Equal(("PaymentListSubmitted", sha256, 3, "60.00"), (entry.Text("kind"), entry.Text("sha256"), entry.GetProperty("rows").GetInt32(), entry.Text("total")));
            // Nothing but the commitment reached the public log: no reference, no pseudonym.
            Assert.Equal(before + 1, await agency.LogSizeAsync(Ct));
            string logged = Encoding.UTF8.GetString(await agency.ReadLogEntryAsync(before, before + 1, Ct));
            Assert.DoesNotContain(setup.Beneficiaries[0], logged, StringComparison.Ordinal);
            Assert.DoesNotContain("row-1", logged, StringComparison.Ordinal);

            // The same list again is the same entry; other rows under its id are a conflict.
            await (await agency.PostTextAsync($"api/programs/{setup.Program}/payment-lists?list=april", csv, "text/csv", Ct)).ExpectJsonAsync(HttpStatusCode.Accepted, Ct);
            await (await agency.PostTextAsync($"api/programs/{setup.Program}/payment-lists?list=april", Csv(setup, "row", "11.00"), "text/csv", Ct))
                .ExpectJsonAsync(HttpStatusCode.Conflict, Ct);

            // The vetting body reads the rows; another watchdog cannot, and cannot vet.
            JsonElement rows = await vetter.GetJsonAsync($"api/programs/{setup.Program}/payment-lists/april/rows", Ct);
            Assert.Equal(setup.Beneficiaries.Take(3), rows.GetProperty("rows").EnumerateArray().Select(r => r.Text("beneficiary")));
            Assert.Equal(HttpStatusCode.Forbidden, (await otherWatchdog.GetAsync(new Uri($"api/programs/{setup.Program}/payment-lists/april/rows", UriKind.Relative), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.CreateClient().GetAsync(new Uri($"api/programs/{setup.Program}/payment-lists/april/rows", UriKind.Relative), Ct)).StatusCode);
            await (await otherWatchdog.PostJsonAsync($"api/programs/{setup.Program}/payment-lists/april/vetting", new { }, Ct)).ExpectJsonAsync(HttpStatusCode.Forbidden, Ct);
            await (await agency.PostJsonAsync($"api/programs/{setup.Program}/payment-lists/april/vetting", new { }, Ct)).ExpectJsonAsync(HttpStatusCode.Forbidden, Ct);
            await (await vetter.PostJsonAsync(
                $"api/programs/{setup.Program}/payment-lists/april/vetting", new { refused = new[] { new { row = "row-2", reason = "0" } } }, Ct)).ExpectJsonAsync(HttpStatusCode.BadRequest, Ct);
            await (await vetter.PostJsonAsync(
                $"api/programs/{setup.Program}/payment-lists/april/vetting", new { approved = new[] { "row-1", "row-9" } }, Ct)).ExpectJsonAsync(HttpStatusCode.UnprocessableEntity, Ct);
            Assert.Equal("waiting", (await agency.GetJsonAsync($"api/programs/{setup.Program}/payment-lists/april", Ct)).Text("status"));

            // Approve all but one row.
            JsonElement vetted = await vetter.PostJsonAsync(
                $"api/programs/{setup.Program}/payment-lists/april/vetting", new { refused = new[] { new { row = "row-2", reason = "ineligible-beneficiary" } } }, Ct)
                .ExpectCreatedAsync(Ct);
            Assert.Equal(["row-1", "row-3"], vetted.GetProperty("entry").GetProperty("approved").EnumerateArray().Select(r => r.GetString()));

            JsonElement status = await server.CreateClient().GetJsonAsync($"api/programs/{setup.Program}/payment-lists/april", Ct);
            Assert.Equal("paid", status.Text("status"));
            Assert.Equal(
                [("row-1", "accepted"), ("row-2", "refused"), ("row-3", "accepted")],
                status.GetProperty("results").EnumerateArray().Select(r => (r.Text("id"), r.Text("status"))));
            JsonElement budget = await server.CreateClient().GetJsonAsync($"api/budgets/{setup.Budget}", Ct);
            Assert.Equal(40.00m, budget.Amount("disbursed"));

            // A second list: kill -9 right after its 202.
            await (await agency.PostTextAsync($"api/programs/{setup.Program}/payment-lists?list=may", Csv(setup, "may", "5.00", "6.00"), "text/csv", Ct))
                .ExpectJsonAsync(HttpStatusCode.Accepted, Ct);
        }

        await server.RestartAsync(Ct);
        using (HttpClient vetter = server.CreateClient(vetterKey))
        {
            await vetter.PostJsonAsync($"api/programs/{setup.Program}/payment-lists/may/vetting", new { }, Ct).ExpectCreatedAsync(Ct);
            JsonElement status = await vetter.GetJsonAsync($"api/programs/{setup.Program}/payment-lists/may", Ct);
            Assert.Equal(["accepted", "accepted"], status.GetProperty("results").EnumerateArray().Select(r => r.Text("status")));
            Assert.Equal(51.00m, (await vetter.GetJsonAsync($"api/budgets/{setup.Budget}", Ct)).Amount("disbursed"));
        }

        // The hourly expiry job runs on demand (admin) and finds nothing to expire: both lists were vetted in time.
        using HttpClient restartedAdmin = server.CreateClient(ServerProcess.AdminKey);
        ulong size = await restartedAdmin.LogSizeAsync(Ct);
        await restartedAdmin.TriggerAndWaitAsync("payment-list-expiry", Ct);
        Assert.Equal(size, await restartedAdmin.LogSizeAsync(Ct));
    }
}
