using System.Net;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// The rate limits per API key and per client address, on a server of their own started with low limits: a key over
/// its limit gets 429 with <c>Retry-After</c> and a problem body while another key is served; an address over its limit
/// gets 429 without a key too; reads of the public log are never limited and keep their caching header.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class RateLimitTests(RateLimitedServerFixture fixture) : IClassFixture<RateLimitedServerFixture>
{
    private const int PerKey = RateLimitedServerFixture.PerKey;
    private const int PerAddress = RateLimitedServerFixture.PerAddress;
    private readonly ServerProcess _server = fixture.Server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_over_its_limit_gets_429_with_retry_after_and_a_problem_while_another_key_is_served()
    {
        using HttpClient admin = _server.CreateClient(ServerProcess.AdminKey);
        using HttpClient first = _server.CreateClient(await admin.CreateKeyAsync("agency", "agency:first", Ct));
        using HttpClient second = _server.CreateClient(await admin.CreateKeyAsync("agency", "agency:second", Ct));

        HttpResponseMessage[] burst = await Task.WhenAll(Enumerable.Range(0, 6 * PerKey).Select(_ => first.GetAsync(new Uri("api/programs/no-such-program", UriKind.Relative), Ct)));
        try
        {
            Assert.All(burst, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests }));
            Assert.True(burst.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests) >= 3 * PerKey, "a burst of six times the limit was mostly served");
            HttpResponseMessage limited = burst.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
            string retryAfter = Assert.Single(limited.Headers.GetValues("Retry-After"));
            Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
            await ProblemAssert.IsProblemAsync(limited, [HttpStatusCode.TooManyRequests], ProblemAssert.TypeBase + "rate-limited", Ct);

            using HttpResponseMessage other = await second.GetAsync(new Uri("api/programs/no-such-program", UriKind.Relative), Ct);
            await ProblemAssert.IsProblemAsync(other, [HttpStatusCode.NotFound], ProblemAssert.TypeBase + "unknown-program", Ct);
        }
        finally
        {
            foreach (HttpResponseMessage response in burst)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Reads_of_the_log_are_not_limited_but_other_requests_from_the_same_address_are()
    {
        using HttpClient anonymous = _server.CreateClient();

        HttpResponseMessage[] reads = await Task.WhenAll(Enumerable.Range(0, 3 * PerAddress).Select(_ => anonymous.GetAsync(new Uri("log/checkpoint", UriKind.Relative), Ct)));
        try
        {
            Assert.All(reads, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.All(reads, r => Assert.Equal("no-cache", r.Headers.CacheControl?.ToString()));
        }
        finally
        {
            foreach (HttpResponseMessage response in reads)
            {
                response.Dispose();
            }
        }

        HttpResponseMessage[] calls = await Task.WhenAll(Enumerable.Range(0, 3 * PerAddress).Select(_ => anonymous.GetAsync(new Uri("api/budgets/no-such-budget", UriKind.Relative), Ct)));
        try
        {
            Assert.All(calls, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests }));
            HttpResponseMessage limited = calls.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
            Assert.True(limited.Headers.Contains("Retry-After"));
            await ProblemAssert.IsProblemAsync(limited, [HttpStatusCode.TooManyRequests], ProblemAssert.TypeBase + "rate-limited", Ct);
        }
        finally
        {
            foreach (HttpResponseMessage response in calls)
            {
                response.Dispose();
            }
        }
    }
}
