using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Verification;

/// <summary>
/// The /verify page's files over HTTP: public GET only, served byte for byte whatever the query string (nothing is
/// echoed), under a strict content security policy (scripts from the server only, no inline script, no frames), with no
/// inline script or handler in the HTML and no third-party address anywhere; every other method or file is a problem.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed partial class VerifyPageHttpTests(LedgerServerFixture fixture)
{
    private static readonly string[] Files = ["verify", "verify/verify.js", "verify/receipt-check.js", "verify/verify.css", "verify/favicon.svg"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_and_its_files_are_public_with_a_strict_security_policy()
    {
        foreach (string file in Files)
        {
            using HttpResponseMessage response = await fixture.Public.GetAsync(new Uri(file, UriKind.Relative), Ct);
            string body = await response.Content.ReadAsStringAsync(Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            string policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.DoesNotMatch(ThirdPartyAddress(), body);
        }

        string html = await fixture.Public.GetStringAsync(new Uri("verify", UriKind.Relative), Ct);
        Assert.All(ScriptTag().Matches(html), tag => Assert.Matches("src=\"/verify/[a-z-]+\\.js\"", tag.Value));
        Assert.Equal(2, ScriptTag().Matches(html).Count);
        Assert.DoesNotMatch(InlineHandler(), html);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
        Assert.Contains("never taken from this server without you", html, StringComparison.Ordinal);
        using HttpResponseMessage script = await fixture.Public.GetAsync(new Uri("verify/verify.js", UriKind.Relative), Ct);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("innerHTML", await script.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?id=%3Cscript%3Ealert(1)%3C%2Fscript%3E&program=p")]
    [InlineData("?program=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")]
    [InlineData("?id=%ED%A0%80&program=%00")]
    [InlineData("?id=" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("?program=p&program=q&id=1&id=2")]
    public async Task A_hostile_query_string_is_never_echoed_into_the_page(string query)
    {
        byte[] plain = await fixture.Public.GetByteArrayAsync(new Uri("verify", UriKind.Relative), Ct);

        using HttpResponseMessage response = await fixture.Public.GetAsync(new Uri("verify" + query, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(plain, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("POST", "verify")]
    [InlineData("PUT", "verify/verify.js")]
    [InlineData("DELETE", "verify/verify.css")]
    [InlineData("PATCH", "verify")]
    [InlineData("POST", "verify/receipt-check.js")]
    public async Task Other_methods_are_refused_with_a_problem_and_write_nothing(string method, string path)
    {
        ulong before = await fixture.Public.LogSizeAsync(Ct);
        HttpClient admin = fixture.Admin;
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
        {
            Content = new StringContent("{\"program\":\"p\",\"id\":\"d\"}", Encoding.UTF8, "application/json"),
        };

        using HttpResponseMessage response = await admin.SendAsync(request, Ct);

        await ProblemAssert.IsProblemAsync(response, [HttpStatusCode.MethodNotAllowed], null, Ct);
        Assert.Equal(before, await fixture.Public.LogSizeAsync(Ct));
    }

    [Theory]
    [InlineData("verify/verify.html")]
    [InlineData("verify/Verify.js")]
    [InlineData("verify/..%2F..%2Fkeys%2Flog.key")]
    [InlineData("verify/%ED%A0%80.js")]
    [InlineData("verify/OversightLedger.Server.Verification.Page.verify.js")]
    public async Task Any_other_file_under_verify_is_a_404_problem(string path)
    {
        using HttpResponseMessage response = await fixture.Public.GetAsync(new Uri(path, UriKind.Relative), Ct);

        await ProblemAssert.IsProblemAsync(response, [HttpStatusCode.NotFound], null, Ct);
    }

    [GeneratedRegex("<script\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    // Any absolute address but the SVG namespace: the page loads nothing from anywhere but this server.
    [GeneratedRegex("(?:https?:)?//(?!www\\.w3\\.org/2000/svg)[a-z0-9.-]+\\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex ThirdPartyAddress();
}
