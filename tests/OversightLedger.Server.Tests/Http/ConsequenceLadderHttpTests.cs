using System.Globalization;
using System.Net;
using System.Text.Json;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// Issue 15 item 3 on a real server whose clock is moved on between restarts (<c>Clock:StartAt</c>): a budget opened with
/// a consequence ladder; the <c>benchmark-reviews</c> job closes a failed review (the next tranche is paused), then a
/// missed one (the unreleased tranches are frozen), then a passed one, after which — and only after which — the owner
/// lifts each step. Humanitarian payments flow at every step; malformed ladders are 400 and open nothing.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class ConsequenceLadderHttpTests
{
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 0, 10, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] ClockAt(DateTimeOffset instant) => ["--Clock:StartAt", instant.ToString("O", CultureInfo.InvariantCulture)];

    private static object Reviewed(string benchmark, string cadence, DateTimeOffset dueOn) => new Dictionary<string, object?>
    {
        ["benchmark"] = benchmark,
        ["indicator"] = "share of listed detainees released",
        ["unit"] = "percent",
        ["baseline"] = "10",
        ["target"] = "80",
        ["direction"] = "at-least",
        ["dueOn"] = dueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["requiredVerifications"] = 2,
        ["requiredGroups"] = 2,
        ["reviewCadence"] = cadence,
        ["reviewCount"] = 1,
    };

    private static object Budget(string id, object? ladder) =>
        new { id, donor = "Test Donor", purpose = "72010", country = "SD", currency = "USD", pledged = "10000.00", consequenceLadder = ladder };

    [Fact]
    public async Task A_failed_review_pauses_the_next_tranche_a_second_freezes_and_a_passed_review_lets_the_owner_lift_them()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(new ServerProcessOptions { Arguments = ClockAt(Start) }, Ct);
        using HttpClient admin = server.CreateClient(ServerProcess.AdminKey);
        using HttpClient anyone = server.CreateClient();
        using HttpClient donor = server.CreateClient(await admin.CreateKeyAsync("donor", "donor-ladder", Ct));
        using HttpClient otherDonor = server.CreateClient(await admin.CreateKeyAsync("donor", "donor-other", Ct));
        using HttpClient watchdog = server.CreateClient(await admin.CreateKeyAsync("watchdog", "watchdog-bare", Ct));
        using HttpClient domestic = server.CreateClient(await admin.CreateKeyAsync("watchdog", "auditor-office", Ct));
        using HttpClient international = server.CreateClient(await admin.CreateKeyAsync("watchdog", "un-panel", Ct));
        using HttpClient agency = server.CreateClient(await admin.CreateKeyAsync("agency", "agency-ladder", Ct));
        const string B = "budget-ladder";

        // Malformed ladders: 400, nothing logged, no budget.
        object[] badLadders =
        [
            Array.Empty<object>(),
            new[] { new { failedReviews = 1, action = (object)0 } },
            new[] { new { failedReviews = 1, action = (object)"0" } },
            new[] { new { failedReviews = 1, action = (object)"snap-back" } },
            new[] { new { failedReviews = 0, action = (object)"pause-next-tranche" } },
            new[] { new { failedReviews = 2, action = (object)"pause-next-tranche" }, new { failedReviews = 1, action = (object)"freeze-unreleased" } },
            Enumerable.Range(1, 11).Select(n => new { failedReviews = n, action = (object)"freeze-unreleased" }).ToArray(),
            new object?[] { null },
            "1:pause-next-tranche",
        ];
        foreach (object ladder in badLadders)
        {
            await ProblemAssert.RefusedAsync(anyone, ct => donor.PostJsonAsync("api/budgets", Budget(B, ladder), ct), HttpStatusCode.BadRequest, null, Ct);
        }

        await ProblemAssert.IsProblemAsync(await anyone.GetAsync(new Uri($"api/budgets/{B}", UriKind.Relative), Ct), [HttpStatusCode.NotFound], null, Ct);

        // The budget, its ladder, the reviewed tranche t2 (a fails this month, b is missed next month, c passes over the quarter),
        // t3 (bare benchmark, verified), the humanitarian th (released) and an exemption; a program pays from th.
        object[] ladderSteps = [new { failedReviews = 1, action = "pause-next-tranche" }, new { failedReviews = 2, action = "freeze-unreleased" }];
        await donor.PostJsonAsync("api/budgets", Budget(B, ladderSteps), Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{B}/funds", new { amount = "10000.00", reference = "wire-1" }, Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{B}/tranches", new { tranche = "th", amount = "1000.00", humanitarian = true, benchmarks = new[] { "bh" } }, Ct).ExpectCreatedAsync(Ct);
        await watchdog.PostJsonAsync($"api/budgets/{B}/tranches/th/benchmarks/bh/verifications", new { evidenceSha256 = LedgerHttp.EvidenceHash("bh"), verifiedOn = "2027-03-01" }, Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{B}/tranches/th/release", new { amount = "1000.00" }, Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{B}/tranches", new
        {
            tranche = "t2", amount = "1000.00", humanitarian = false,
            benchmarkDefinitions = new[] { Reviewed("a", "monthly", Start), Reviewed("b", "monthly", Start.AddMonths(1)), Reviewed("c", "quarterly", Start) },
        }, Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{B}/tranches", new { tranche = "t3", amount = "1000.00", humanitarian = false, benchmarks = new[] { "b3" } }, Ct).ExpectCreatedAsync(Ct);
        await watchdog.PostJsonAsync($"api/budgets/{B}/tranches/t3/benchmarks/b3/verifications", new { evidenceSha256 = LedgerHttp.EvidenceHash("b3"), verifiedOn = "2027-03-01" }, Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{B}/verifiers", new { verifier = "auditor-office", group = "domestic" }, Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{B}/verifiers", new { verifier = "un-panel", group = "international" }, Ct).ExpectCreatedAsync(Ct);
        foreach ((string benchmark, string value) in new[] { ("a", "40"), ("c", "90") })
        {
            foreach (HttpClient verifier in new[] { domestic, international })
            {
                await verifier.PostJsonAsync(
                    $"api/budgets/{B}/tranches/t2/benchmarks/{benchmark}/verifications",
                    new { evidenceSha256 = LedgerHttp.EvidenceHash(benchmark + value), verifiedOn = "2027-03-01", value }, Ct).ExpectCreatedAsync(Ct);
            }
        }

        await donor.PostJsonAsync($"api/budgets/{B}/exemptions", new { exemption = "x-cash", sectors = new[] { "72010" }, modalities = new[] { "cash" }, maxAmount = "100.00", sunset = Start.AddYears(1) }, Ct)
            .ExpectCreatedAsync(Ct);
        await agency.PostJsonAsync("api/programs", new { id = "program-ladder", currency = "USD", capPerPeriod = "1000.00", period = "month" }, Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{B}/programs", new { program = "program-ladder" }, Ct).ExpectCreatedAsync(Ct);
        await FundedProgram.EnrollAsync(agency, "program-ladder", ["BEN-1"], Ct);
        int payments = 0;
        async Task HumanitarianPaymentFlowsAsync()
        {
            JsonElement paid = await agency.PostJsonAsync(
                "api/programs/program-ladder/disbursements", new { id = $"pay-{++payments}", budget = B, beneficiary = "BEN-1", amount = "10.00" }, Ct).ExpectCreatedAsync(Ct);
            Assert.Equal("th", paid.GetProperty("entry").Text("tranche"));
        }

        await HumanitarianPaymentFlowsAsync();
        JsonElement opened = await anyone.GetJsonAsync($"api/budgets/{B}", Ct);
        Assert.Equal(
            ["1:pause-next-tranche", "2:freeze-unreleased"],
            opened.GetProperty("consequenceLadder").EnumerateArray().Select(s => $"{s.GetProperty("failedReviews").GetInt32()}:{s.Text("action")}"));
        Assert.Empty(opened.GetProperty("consequences").EnumerateArray());
        await admin.TriggerAndWaitAsync("benchmark-reviews", Ct);

        // A month on: review a failed; the job pauses the next tranche, t2.
        await server.RestartAsync(server.Options with { Arguments = ClockAt(Start.AddMonths(1).AddDays(1)) }, Ct);
        await admin.TriggerAndWaitAsync("benchmark-reviews", Ct);
        await admin.TriggerAndWaitAsync("benchmark-reviews", Ct);
        JsonElement paused = await anyone.GetJsonAsync($"api/budgets/{B}", Ct);
        JsonElement step1 = Assert.Single(paused.GetProperty("consequences").EnumerateArray());
        Assert.Equal((1, "pause-next-tranche", "review-closed/budget-ladder/t2/a/1", true), (step1.GetProperty("step").GetInt32(), step1.Text("action"), step1.Text("review"), step1.GetProperty("inForce").GetBoolean()));
        Assert.Equal(["t2"], paused.GetProperty("pausedTranches").EnumerateArray().Select(t => t.GetString()));
        await ProblemAssert.RefusedAsync(anyone, ct => donor.PostJsonAsync($"api/budgets/{B}/tranches/t2/release", new { amount = "1000.00" }, ct),
            HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "consequence-in-force", Ct);
        await ProblemAssert.RefusedAsync(anyone, ct => donor.PostJsonAsync($"api/budgets/{B}/consequences/1/lift", new { reason = "too early" }, ct),
            HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "lift-needs-passed-review", Ct);
        await ProblemAssert.RefusedAsync(anyone, ct => otherDonor.PostJsonAsync($"api/budgets/{B}/consequences/1/lift", new { reason = "not mine" }, ct),
            HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(anyone, ct => agency.PostJsonAsync($"api/budgets/{B}/consequences/1/lift", new { reason = "not a donor" }, ct),
            HttpStatusCode.Forbidden, null, Ct);
        await ProblemAssert.RefusedAsync(anyone, ct => donor.PostJsonAsync($"api/budgets/{B}/consequences/2/lift", new { reason = "never applied" }, ct),
            HttpStatusCode.NotFound, ProblemAssert.TypeBase + "unknown-consequence", Ct);
        await ProblemAssert.RefusedAsync(anyone, ct => donor.PostJsonAsync($"api/budgets/{B}/consequences/99/lift", new { reason = "no such step" }, ct),
            HttpStatusCode.NotFound, null, Ct);
        await HumanitarianPaymentFlowsAsync();

        // Two months on: review b was missed; the job freezes the unreleased non-humanitarian tranches.
        await server.RestartAsync(server.Options with { Arguments = ClockAt(Start.AddMonths(2).AddDays(1)) }, Ct);
        await admin.TriggerAndWaitAsync("benchmark-reviews", Ct);
        JsonElement frozen = await anyone.GetJsonAsync($"api/budgets/{B}", Ct);
        Assert.Equal(["t2", "t3"], frozen.GetProperty("frozenTranches").EnumerateArray().Select(t => t.GetString()));
        await ProblemAssert.RefusedAsync(anyone, ct => donor.PostJsonAsync($"api/budgets/{B}/tranches/t3/release", new { amount = "1000.00" }, ct),
            HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "consequence-in-force", Ct);
        await ProblemAssert.RefusedAsync(anyone, ct => donor.PostJsonAsync($"api/budgets/{B}/consequences/2/lift", new { reason = "too early" }, ct),
            HttpStatusCode.UnprocessableEntity, ProblemAssert.TypeBase + "lift-needs-passed-review", Ct);
        await HumanitarianPaymentFlowsAsync();

        // The quarter over: review c passed; the owner lifts step 2 (once), t3 is released, then step 1.
        await server.RestartAsync(server.Options with { Arguments = ClockAt(Start.AddMonths(3).AddDays(1)) }, Ct);
        await admin.TriggerAndWaitAsync("benchmark-reviews", Ct);
        JsonElement lifted = await donor.PostJsonAsync($"api/budgets/{B}/consequences/2/lift", new { reason = "review c passed" }, Ct).ExpectCreatedAsync(Ct);
        Assert.Equal(("ConsequenceLifted", "review-closed/budget-ladder/t2/c/1"), (lifted.GetProperty("entry").Text("kind"), lifted.GetProperty("entry").Text("review")));
        JsonElement again = await (await donor.PostJsonAsync($"api/budgets/{B}/consequences/2/lift", new { reason = "review c passed" }, Ct)).ReadJsonAsync(Ct);
        Assert.Equal(lifted.GetProperty("leafIndex").GetUInt64(), again.GetProperty("leafIndex").GetUInt64());
        await ProblemAssert.RefusedAsync(anyone, ct => donor.PostJsonAsync($"api/budgets/{B}/consequences/2/lift", new { reason = "again", requestId = "lift-2-again" }, ct),
            HttpStatusCode.Conflict, ProblemAssert.TypeBase + "already-lifted", Ct);
        await donor.PostJsonAsync($"api/budgets/{B}/tranches/t3/release", new { amount = "1000.00" }, Ct).ExpectCreatedAsync(Ct);
        await donor.PostJsonAsync($"api/budgets/{B}/consequences/1/lift", new { reason = "review c passed" }, Ct).ExpectCreatedAsync(Ct);
        await HumanitarianPaymentFlowsAsync();

        JsonElement view = await anyone.GetJsonAsync($"api/budgets/{B}", Ct);
        Assert.Equal([(1, false, "review c passed"), (2, false, "review c passed")],
            view.GetProperty("consequences").EnumerateArray().Select(c => (c.GetProperty("step").GetInt32(), c.GetProperty("inForce").GetBoolean(), c.Text("liftReason"))));
        Assert.Empty(view.GetProperty("pausedTranches").EnumerateArray());
        Assert.Empty(view.GetProperty("frozenTranches").EnumerateArray());
    }
}
