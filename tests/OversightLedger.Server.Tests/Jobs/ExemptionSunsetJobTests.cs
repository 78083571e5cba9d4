using System.Net;
using System.Text.Json;
using OversightLedger.Domain.Entries;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Jobs;

/// <summary>The daily exemption sunset job (DESIGN §5.5), run through Hangfire on a real server, and renewal as a logged act.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class ExemptionSunsetJobTests(LedgerServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sunset_job_logs_each_expiry_once_and_renewal_moves_a_sunset()
    {
        (HttpClient donor, _, _, FundedProgram funded) = await fixture.FundedProgramAsync(1, "1000.00", "100.00", Ct);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        DateTimeOffset soon = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero).AddSeconds(3);
        await GrantAsync(donor, funded.Budget, "lapsing", soon);
        await GrantAsync(donor, funded.Budget, "nearing", now.AddDays(10));
        await GrantAsync(donor, funded.Budget, "renewed", now.AddDays(20));

        // Renewal is the owner's logged act, and only to a later sunset.
        DateTimeOffset later = new(now.Year + 1, 1, 31, 0, 0, 0, TimeSpan.Zero);
        JsonElement renewal = await donor.PostJsonAsync($"api/budgets/{funded.Budget}/exemptions/renewed/renewals", new { sunset = later }, Ct).ExpectCreatedAsync(Ct);
        Assert.Equal(ExemptionRenewed.KindName, renewal.GetProperty("entry").Text("kind"));
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => donor.PostJsonAsync($"api/budgets/{funded.Budget}/exemptions/renewed/renewals", new { sunset = now.AddDays(5) }, ct),
            HttpStatusCode.BadRequest, ProblemAssert.TypeBase + "invalid-sunset", Ct);

        while (DateTimeOffset.UtcNow <= soon)
        {
            await Task.Delay(200, Ct);
        }

        ulong before = await fixture.Public.LogSizeAsync(Ct);
        await fixture.Admin.TriggerAndWaitAsync("exemption-sunset", Ct);
        ulong afterFirst = await fixture.Public.LogSizeAsync(Ct);
        await fixture.Admin.TriggerAndWaitAsync("exemption-sunset", Ct);
        ulong afterSecond = await fixture.Public.LogSizeAsync(Ct);

        // Exactly one entry was added, by the first run: the expiry of the lapsed exemption.
        Assert.Equal(before + 1, afterFirst);
        Assert.Equal(afterFirst, afterSecond);
        LedgerEntry expired = LedgerEntryParser.Parse(await fixture.Public.ReadLogEntryAsync(before, afterFirst, Ct));
        ExemptionExpired expiry = Assert.IsType<ExemptionExpired>(expired);
        Assert.Equal((funded.Budget, "lapsing"), (expiry.Budget, expiry.Exemption));

        JsonElement budget = await fixture.Public.GetJsonAsync($"api/budgets/{funded.Budget}", Ct);
        Dictionary<string, JsonElement> exemptions = budget.GetProperty("exemptions").EnumerateArray().ToDictionary(e => e.Text("exemption"));
        Assert.True(exemptions["lapsing"].GetProperty("recordedExpired").GetBoolean());
        Assert.False(exemptions["lapsing"].GetProperty("inForce").GetBoolean());
        Assert.True(exemptions["nearing"].GetProperty("inForce").GetBoolean());
        Assert.Equal(later, exemptions["renewed"].GetProperty("sunset").GetDateTimeOffset());
    }

    [Fact]
    public async Task Only_an_admin_triggers_jobs_and_only_known_ones()
    {
        HttpClient donor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        using HttpResponseMessage forbidden = await donor.PostAsync(new Uri("api/jobs/exemption-sunset/trigger", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using HttpResponseMessage anonymous = await fixture.Public.PostAsync(new Uri("api/jobs/exemption-sunset/trigger", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using HttpResponseMessage unknown = await fixture.Admin.PostAsync(new Uri("api/jobs/no-such-job/trigger", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    private static Task<JsonElement> GrantAsync(HttpClient donor, string budget, string exemption, DateTimeOffset sunset) =>
        donor.PostJsonAsync(
            $"api/budgets/{budget}/exemptions",
            new { exemption, sectors = new[] { "72010" }, modalities = new[] { "cash" }, maxAmount = "500.00", sunset },
            Ct).ExpectCreatedAsync(Ct);
}
