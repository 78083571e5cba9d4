using System.Net;
using System.Text.Json;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Anchoring;

/// <summary>
/// The anchor endpoints on a server without anchoring (the default): the status says it is off and is for watchdogs and
/// admins only; the job runs and changes nothing; a proof path that is not a recorded size's is a 404 problem.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class AnchorsEndpointsTests(LedgerServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anchoring_is_off_until_configured_and_the_job_then_changes_nothing()
    {
        ulong size = await fixture.Public.LogSizeAsync(Ct);

        await fixture.Admin.TriggerAndWaitAsync("checkpoint-anchor", Ct);

        JsonElement status = await fixture.Admin.GetJsonAsync("api/anchors", Ct);
        Assert.False(status.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("walletAddress").ValueKind);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("pending").ValueKind);
        Assert.True(await fixture.Public.LogSizeAsync(Ct) >= size);
        Assert.Equal(0, (await fixture.Public.GetJsonAsync("log/anchors/index.json", Ct)).GetArrayLength());
    }

    [Fact]
    public async Task Status_is_for_watchdogs_and_admins()
    {
        using HttpClient donor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        using HttpClient agency = await fixture.ClientAsync("agency", LedgerHttp.UniqueId("agency"), Ct);
        using HttpClient watchdog = await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"), Ct);
        using HttpClient forged = fixture.Server.CreateClient("olk_this-key-was-never-issued-by-the-server");

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Public.GetAsync(new Uri("api/anchors", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync(new Uri("api/anchors", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await donor.GetAsync(new Uri("api/anchors", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agency.GetAsync(new Uri("api/anchors", UriKind.Relative), Ct)).StatusCode);
        Assert.False((await watchdog.GetJsonAsync("api/anchors", Ct)).GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await watchdog.PostAsync(new Uri("api/jobs/checkpoint-anchor/trigger", UriKind.Relative), null, Ct)).StatusCode);
    }

    [Theory]
    [InlineData("1.json")]
    [InlineData("0.json")]
    [InlineData("01.json")]
    [InlineData("-1.json")]
    [InlineData("+1.json")]
    [InlineData("1.5.json")]
    [InlineData("abc.json")]
    [InlineData("1.JSON")]
    [InlineData("1")]
    [InlineData("99999999999999999999999.json")]
    [InlineData("9007199254740992.json")]
    [InlineData("%E2%80%AE1.json")]
    public async Task Proof_of_a_size_never_anchored_or_not_a_size_is_a_404_problem(string file)
    {
        HttpResponseMessage response = await fixture.Public.GetAsync(new Uri($"log/anchors/{file}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        string body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }
}
