using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// Refusals are problem details whatever the client accepts or the charset it names (both found by
/// <see cref="OpenApiFuzzTests"/>: a non-JSON <c>Accept</c> turned a malformed request into an empty 500 and a 401 into
/// text/plain; an unknown charset turned a JSON body into a 500).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class ProblemNegotiationTests(LedgerServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/html")]
    [InlineData("text/csv, image/png;q=0.5")]
    public async Task A_malformed_request_from_a_client_that_accepts_no_json_gets_a_400_problem(string accept)
    {
        HttpClient donor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public,
            ct =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "api/budgets") { Content = new StringContent("{\"id\":", Encoding.UTF8, "application/json") };
                request.Headers.TryAddWithoutValidation("Accept", accept);
                return donor.SendAsync(request, ct);
            },
            HttpStatusCode.BadRequest,
            ProblemAssert.TypeBase + "malformed-request",
            Ct);
    }

    [Fact]
    public async Task A_refusal_the_framework_answers_without_a_body_asked_for_as_html_is_a_401_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/keys") { Headers = { Accept = { new MediaTypeWithQualityHeaderValue("text/html") } } };
        using HttpResponseMessage response = await fixture.Public.SendAsync(request, Ct);
        await ProblemAssert.IsProblemAsync(response, [HttpStatusCode.Unauthorized], null, Ct);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("\"x-unknown\"")]
    public async Task A_body_in_an_unknown_charset_gets_a_415_problem(string charset)
    {
        HttpClient agency = await fixture.ClientAsync("agency", LedgerHttp.UniqueId("agency"), Ct);
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"id":"charset-program","currency":"USD","capPerPeriod":"10.00","period":"month"}"""));
        body.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => agency.PostAsync(new Uri("api/programs", UriKind.Relative), body, ct), HttpStatusCode.UnsupportedMediaType, ProblemAssert.TypeBase + "unsupported-charset", Ct);
    }
}
