using Hangfire;
using OversightLedger.Server.Access;
using OversightLedger.Server.Api;

namespace OversightLedger.Server.Jobs;

/// <summary>Lets an admin run a recurring job now instead of waiting for its schedule.</summary>
internal static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/jobs/{name}/trigger", Trigger).RequireAuthorization(AccessSetup.AdminPolicy).WithTags("Jobs")
            .WithSummary("Run a recurring job now (admin): exemption-sunset, watchdog-scan, quarterly-report, checkpoint-anchor.");
        routes.MapGet("/api/jobs/runs/{runId}", GetRun).RequireAuthorization(AccessSetup.AdminPolicy).WithTags("Jobs")
            .WithSummary("The state of one job run (admin): Enqueued, Processing, Succeeded, Failed…");
        return routes;
    }

    private static IResult GetRun(string runId, JobStorage storage)
    {
        Hangfire.Storage.Monitoring.JobDetailsDto? details = storage.GetMonitoringApi().JobDetails(runId);
        if (details is null)
        {
            return Problems.NotFound("job run", runId);
        }

        string state = details.History.Count > 0 ? details.History[0].StateName : "Created";
        string? reason = details.History.Count > 0 ? details.History[0].Reason : null;
        return TypedResults.Ok(new JobRunState(runId, state, reason));
    }

    private static IResult Trigger(string name, IRecurringJobManagerV2 jobs)
    {
        if (!RecurringJobNames.All.Contains(name))
        {
            return Problems.NotFound("job", name);
        }

        string? jobId = jobs.TriggerJob(name);
        return TypedResults.Accepted((string?)null, new JobTriggered(name, jobId));
    }
}
