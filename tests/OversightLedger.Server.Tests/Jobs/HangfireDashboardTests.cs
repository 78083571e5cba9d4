using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Jobs;

/// <summary>
/// The Hangfire dashboard at <c>/hangfire</c> on a real server: admin keys only (Bearer, or as the password of HTTP
/// Basic credentials, which a browser is asked for); other roles 403, no key 401; its POST actions need the same key
/// and its antiforgery token.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed partial class HangfireDashboardTests(LedgerServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("hangfire")]
    [InlineData("hangfire/")]
    [InlineData("hangfire/recurring")]
    [InlineData("hangfire/jobs/succeeded")]
    [InlineData("HANGFIRE/servers")]
    public async Task An_admin_key_opens_the_dashboard_as_bearer_or_as_basic_password(string page)
    {
        using HttpResponseMessage bearer = await fixture.Admin.GetAsync(new Uri(page, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Equal("text/html", bearer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("OversightLedger jobs", await bearer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using HttpClient browser = fixture.Server.CreateClient();
        using HttpResponseMessage basic = await browser.SendAsync(Get(page, Basic("anyone", ServerProcess.AdminKey)), Ct);
        Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
    }

    [Theory]
    [InlineData("donor")]
    [InlineData("agency")]
    [InlineData("watchdog")]
    public async Task Other_roles_are_forbidden_the_dashboard_and_its_actions(string role)
    {
        string key = await fixture.Admin.CreateKeyAsync(role, LedgerHttp.UniqueId(role), Ct);
        using HttpClient client = fixture.Server.CreateClient(key);
        foreach (string page in new[] { "hangfire", "hangfire/recurring", "hangfire/js1825", "hangfire/jobs/details/1" })
        {
            using HttpResponseMessage bearer = await client.GetAsync(new Uri(page, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.Forbidden, bearer.StatusCode);
            using HttpResponseMessage basic = await fixture.Public.SendAsync(Get(page, Basic("x", key)), Ct);
            Assert.Equal(HttpStatusCode.Forbidden, basic.StatusCode);
        }

        using HttpResponseMessage trigger = await client.PostAsync(new Uri("hangfire/recurring/trigger", UriKind.Relative), TriggerForm(), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, trigger.StatusCode);
        using HttpResponseMessage delete = await client.PostAsync(new Uri("hangfire/jobs/succeeded/delete", UriKind.Relative), new FormUrlEncodedContent([new("jobs[]", "1")]), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
    }

    [Fact]
    public async Task Without_a_valid_admin_key_the_dashboard_answers_401_and_asks_a_browser_for_the_key()
    {
        using HttpResponseMessage none = await fixture.Public.GetAsync(new Uri("hangfire", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        AuthenticationHeaderValue challenge = Assert.Single(none.Headers.WwwAuthenticate);
        Assert.Equal("Basic", challenge.Scheme);
        Assert.Contains("realm=", challenge.Parameter, StringComparison.Ordinal);

        // A wrong key, malformed Basic credentials, an empty password: no.
        foreach (AuthenticationHeaderValue credentials in new[]
        {
            Basic("admin", "olk_not-a-key-0123456789"),
            new AuthenticationHeaderValue("Basic", "%%%not-base64%%%"),
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(ServerProcess.AdminKey))),
            Basic("admin", string.Empty),
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(new byte[] { 0x3a, 0xff, 0xfe, 0x6f })),
            new AuthenticationHeaderValue("Basic", new string('A', 4_000)),
            new AuthenticationHeaderValue("Bearer", "olk_not-a-key-0123456789"),
        })
        {
            using HttpResponseMessage refused = await fixture.Public.SendAsync(Get("hangfire", credentials), Ct);
            Assert.True(HttpStatusCode.Unauthorized == refused.StatusCode, $"{credentials}: {(int)refused.StatusCode}");
        }

        // An anonymous POST action is refused before any form is read.
        using HttpResponseMessage anonymousTrigger = await fixture.Public.PostAsync(new Uri("hangfire/recurring/trigger", UriKind.Relative), TriggerForm(), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousTrigger.StatusCode);
    }

    [Fact]
    public async Task Basic_credentials_open_only_the_dashboard_not_the_api()
    {
        using HttpResponseMessage keys = await fixture.Public.SendAsync(Get("api/keys", Basic("admin", ServerProcess.AdminKey)), Ct);
        await ProblemAssert.IsProblemAsync(keys, [HttpStatusCode.Unauthorized], null, Ct);
        Assert.Empty(keys.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task A_dashboard_action_needs_the_admin_key_and_the_antiforgery_token_of_its_page()
    {
        // A browser session: the admin key as Basic credentials, cookies kept.
        using var cookies = new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true };
        using var browser = new HttpClient(cookies) { BaseAddress = fixture.Server.BaseAddress };
        browser.DefaultRequestHeaders.Authorization = Basic("admin", ServerProcess.AdminKey);
        string page = await browser.GetStringAsync(new Uri("hangfire/recurring", UriKind.Relative), Ct);
        string header = CsrfHeader().Match(page).Groups[1].Value;
        string token = CsrfToken().Match(page).Groups[1].Value;
        Assert.NotEmpty(header);
        Assert.NotEmpty(token);
        Cookie antiforgery = Assert.Single(cookies.CookieContainer.GetAllCookies(), c => c.Name == "oversight-hangfire-antiforgery");
        Assert.True(antiforgery.HttpOnly);
        Assert.Equal("/hangfire", antiforgery.Path);

        // Without the token (what a page of another site could send with the browser's credentials): 403.
        using (HttpResponseMessage forged = await browser.PostAsync(new Uri("hangfire/recurring/trigger", UriKind.Relative), TriggerForm(), Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        // A token from another session (no matching cookie): 403.
        using (HttpClient otherSession = fixture.Server.CreateClient(ServerProcess.AdminKey))
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri("hangfire/recurring/trigger", UriKind.Relative)) { Content = TriggerForm() })
        {
            request.Headers.Add(header, token);
            using HttpResponseMessage withoutCookie = await otherSession.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, withoutCookie.StatusCode);
        }

        // A body that is not a form, from the admin's own session: 415 problem, not a server error.
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri("hangfire/stats", UriKind.Relative)) { Content = new StringContent("{}", Encoding.UTF8, "application/json") })
        {
            request.Headers.Add(header, token);
            using HttpResponseMessage json = await browser.SendAsync(request, Ct);
            await ProblemAssert.IsProblemAsync(json, [HttpStatusCode.UnsupportedMediaType], ProblemAssert.TypeBase + "unsupported-media-type", Ct);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri("hangfire/stats", UriKind.Relative)))
        {
            request.Headers.Add(header, token);
            using HttpResponseMessage empty = await browser.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, empty.StatusCode);
        }

        // With the token and its cookie: the trigger runs the job.
        int succeededBefore = await SucceededCountAsync(browser);
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri("hangfire/recurring/trigger", UriKind.Relative)) { Content = TriggerForm() })
        {
            request.Headers.Add(header, token);
            using HttpResponseMessage triggered = await browser.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.NoContent, triggered.StatusCode);
        }

        DateTime deadline = DateTime.UtcNow + JobRuns.DefaultWait;
        while (await SucceededCountAsync(browser) <= succeededBefore)
        {
            Assert.True(DateTime.UtcNow < deadline, "The run the dashboard triggered did not succeed.");
            await Task.Delay(200, Ct);
        }
    }

    /// <summary>How many runs the dashboard's statistics count as succeeded.</summary>
    private async Task<int> SucceededCountAsync(HttpClient browser)
    {
        string page = await browser.GetStringAsync(new Uri("hangfire/jobs/succeeded", UriKind.Relative), Ct);
        Match count = SucceededCount().Match(page);
        Assert.True(count.Success, "The succeeded page shows no count.");
        return int.Parse(new string(count.Groups[1].Value.Where(char.IsAsciiDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static FormUrlEncodedContent TriggerForm() => new([new("jobs[]", "exemption-sunset")]);

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static HttpRequestMessage Get(string path, AuthenticationHeaderValue credentials)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = credentials;
        return request;
    }

    [GeneratedRegex("""name="csrf-header" content="([^"]+)""")]
    private static partial Regex CsrfHeader();

    [GeneratedRegex("""name="csrf-token" content="([^"]+)""")]
    private static partial Regex CsrfToken();

    [GeneratedRegex("""data-metric="succeeded:count"[^>]*>([0-9,.\s]+)<""")]
    private static partial Regex SucceededCount();
}
