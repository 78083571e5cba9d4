using System.Net;
using System.Text.Json;
using OversightLedger.Domain.Entries;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// Issue 15 item 2 on a real server: a benchmark defined with a monthly review cadence; the admin-only
/// <c>benchmark-reviews</c> job opens its first review once however often it runs, and the budget view shows each
/// review's window and state; malformed schedules are problems that leave the log as it was.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class BenchmarkReviewHttpTests(LedgerServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static object Definition(object? cadence, int? reviewCount, DateOnly? reviewsUntil = null) => new Dictionary<string, object?>
    {
        ["benchmark"] = "detainees",
        ["indicator"] = "share of listed detainees released",
        ["unit"] = "percent",
        ["baseline"] = "10",
        ["target"] = "80",
        ["direction"] = "at-least",
        ["dueOn"] = Today,
        ["requiredVerifications"] = 2,
        ["requiredGroups"] = 2,
        ["reviewCadence"] = cadence,
        ["reviewCount"] = reviewCount,
        ["reviewsUntil"] = reviewsUntil,
    };

    private static Task<HttpResponseMessage> AddTranche(HttpClient donor, string budget, string tranche, object definition, CancellationToken ct) =>
        donor.PostJsonAsync($"api/budgets/{budget}/tranches", new { tranche, amount = "100.00", humanitarian = false, benchmarkDefinitions = new[] { definition } }, ct);

    private async Task<(string Budget, HttpClient Donor)> BudgetAsync()
    {
        string budget = LedgerHttp.UniqueId("b");
        HttpClient donor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        await donor.PostJsonAsync("api/budgets", new { id = budget, donor = "Test Donor", purpose = "72010", country = "SD", currency = "USD", pledged = "1000.00" }, Ct).ExpectCreatedAsync(Ct);
        return (budget, donor);
    }

    [Fact]
    public async Task The_job_opens_a_due_review_once_and_the_budget_shows_the_schedule()
    {
        (string budget, HttpClient donor) = await BudgetAsync();
        await AddTranche(donor, budget, "t1", Definition("monthly", 3), Ct).ExpectCreatedAsync(Ct);
        JsonElement defined = await fixture.Public.GetJsonAsync($"api/budgets/{budget}", Ct);
        JsonElement detainees = defined.GetProperty("tranches")[0].GetProperty("benchmarkDetails")[0];
        Assert.Equal(("monthly", 3), (detainees.Text("reviewCadence"), detainees.GetProperty("reviewCount").GetInt32()));
        Assert.Equal(["due", "due", "due"], detainees.GetProperty("reviews").EnumerateArray().Select(r => r.Text("state")));

        ulong before = await fixture.Public.LogSizeAsync(Ct);
        await fixture.Admin.TriggerAndWaitAsync("benchmark-reviews", Ct);
        await fixture.Admin.TriggerAndWaitAsync("benchmark-reviews", Ct);
        ulong after = await fixture.Public.LogSizeAsync(Ct);

        List<ReviewOpened> opened = [];
        for (ulong leaf = before; leaf < after; leaf++)
        {
            if (LedgerEntryParser.Parse(await fixture.Public.ReadLogEntryAsync(leaf, after, Ct)) is ReviewOpened review && review.Budget == budget)
            {
                opened.Add(review);
            }
        }

        ReviewOpened first = Assert.Single(opened);
        Assert.Equal((EntryIds.ReviewOpened(budget, "t1", "detainees", 1), 1, Today, Today.AddMonths(1).AddDays(-1)), (first.Id, first.Review, first.OpensOn, first.ClosesOn));
        JsonElement reviews = (await fixture.Public.GetJsonAsync($"api/budgets/{budget}", Ct)).GetProperty("tranches")[0].GetProperty("benchmarkDetails")[0].GetProperty("reviews");
        Assert.Equal(["open", "due", "due"], reviews.EnumerateArray().Select(r => r.Text("state")));
        Assert.Equal(Today.AddMonths(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), reviews[1].Text("opensOn"));
    }

    [Fact]
    public async Task Only_an_admin_triggers_the_review_job()
    {
        HttpClient donor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        HttpClient watchdog = await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"), Ct);
        foreach (HttpClient caller in new[] { donor, watchdog })
        {
            using HttpResponseMessage forbidden = await caller.PostAsync(new Uri("api/jobs/benchmark-reviews/trigger", UriKind.Relative), null, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using HttpResponseMessage anonymous = await fixture.Public.PostAsync(new Uri("api/jobs/benchmark-reviews/trigger", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Numeric_cadences_half_horizons_and_past_or_absurd_horizons_are_problems_that_change_nothing()
    {
        (string budget, HttpClient donor) = await BudgetAsync();
        object[] bad =
        [
            Definition(0, 3),
            Definition("0", 3),
            Definition("1", 3),
            Definition("weekly", 3),
            Definition("monthly", null),
            Definition("monthly", 3, Today.AddYears(1)),
            Definition("quarterly", null, Today.AddDays(-1)),
            Definition("quarterly", null, Today.AddYears(11)),
            Definition("monthly", 121),
            Definition("monthly", 0),
            Definition(null, 3),
        ];
        foreach (object definition in bad)
        {
            ulong size = await fixture.Public.LogSizeAsync(Ct);
            using HttpResponseMessage response = await AddTranche(donor, budget, "t1", definition, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(size, await fixture.Public.LogSizeAsync(Ct));
        }

        JsonElement view = await fixture.Public.GetJsonAsync($"api/budgets/{budget}", Ct);
        Assert.Empty(view.GetProperty("tranches").EnumerateArray());

        // An end date is a horizon too: the quarterly reviews that close within a year.
        await AddTranche(donor, budget, "t2", Definition("quarterly", null, Today.AddYears(1)), Ct).ExpectCreatedAsync(Ct);
        JsonElement reviewed = (await fixture.Public.GetJsonAsync($"api/budgets/{budget}", Ct)).GetProperty("tranches")[0].GetProperty("benchmarkDetails")[0];
        Assert.Equal(4, reviewed.GetProperty("reviews").GetArrayLength());
    }
}
