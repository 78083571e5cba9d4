using System.Net;
using System.Text.Json;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Jobs;

/// <summary>The jobs API's refusals: run ids that are not numbers (400, not a server error), ids of no run, other roles, no key.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class JobsApiAbuseTests(LedgerServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> NotRunIds =>
    [
        "abc", "-1", "0", "+1", "1.5", "1e3", "0x10", "1%20", "%201", "١٢", "1,000", "99999999999999999999", "1;2", new string('9', 2_000),
    ];

    [Theory]
    [MemberData(nameof(NotRunIds))]
    public async Task A_run_id_that_is_not_a_positive_number_is_a_400_problem(string runId)
    {
        JsonElement problem = await ProblemAssert.RefusedAsync(
            fixture.Public, ct => fixture.Admin.GetAsync(new Uri($"api/jobs/runs/{runId}", UriKind.Relative), ct), HttpStatusCode.BadRequest, ProblemAssert.TypeBase + "validation", Ct);
        Assert.Equal("runId", problem.Text("field"));
        Assert.DoesNotContain("Exception", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("9223372036854775807")]
    [InlineData("2147483647")]
    public async Task A_number_that_names_no_run_is_a_404_problem(string runId)
    {
        using HttpResponseMessage response = await fixture.Admin.GetAsync(new Uri($"api/jobs/runs/{runId}", UriKind.Relative), Ct);
        await ProblemAssert.IsProblemAsync(response, [HttpStatusCode.NotFound], ProblemAssert.TypeBase + "unknown-job-run", Ct);
    }

    [Fact]
    public async Task A_run_id_with_leading_zeros_names_the_same_run()
    {
        string runId = await fixture.Admin.TriggerAsync("exemption-sunset", Ct);
        JsonElement run = await fixture.Admin.GetJsonAsync($"api/jobs/runs/000{runId}", Ct);
        Assert.Equal(runId, run.Text("runId"));
    }

    [Theory]
    [InlineData("donor")]
    [InlineData("agency")]
    [InlineData("watchdog")]
    public async Task Only_an_admin_reads_runs(string role)
    {
        string runId = await fixture.Admin.TriggerAsync("exemption-sunset", Ct);
        HttpClient other = await fixture.ClientAsync(role, LedgerHttp.UniqueId(role), Ct);
        using HttpResponseMessage forbidden = await other.GetAsync(new Uri($"api/jobs/runs/{runId}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using HttpResponseMessage anonymous = await fixture.Public.GetAsync(new Uri($"api/jobs/runs/{runId}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using HttpResponseMessage notANumber = await other.GetAsync(new Uri("api/jobs/runs/abc", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, notANumber.StatusCode);
    }

    [Theory]
    [InlineData("EXEMPTION-SUNSET")]
    [InlineData("exemption-sunset%20")]
    [InlineData("..%2Fwatchdog-scan")]
    [InlineData("recurring-jobs")]
    public async Task A_trigger_of_a_name_that_is_not_one_of_the_jobs_is_a_404_problem(string name)
    {
        using HttpResponseMessage response = await fixture.Admin.PostAsync(new Uri($"api/jobs/{name}/trigger", UriKind.Relative), null, Ct);
        await ProblemAssert.IsProblemAsync(response, [HttpStatusCode.NotFound], null, Ct);
    }
}
