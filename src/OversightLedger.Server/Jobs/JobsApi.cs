using System.Globalization;
using Hangfire;
using Hangfire.Storage.SQLite;
using OversightLedger.Server.Access;
using OversightLedger.Server.Api;

namespace OversightLedger.Server.Jobs;

/// <summary>Lets an admin run a recurring job now instead of waiting for its schedule.</summary>
internal static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/jobs/{name}/trigger", Trigger).RequireAuthorization(AccessSetup.AdminPolicy).WithTags("Jobs")
            .WithSummary("Run a recurring job now (admin): exemption-sunset, watchdog-scan, quarterly-report, checkpoint-anchor, sanctions-refresh, benchmark-reviews, licence-expiry, payment-list-expiry.");
        routes.MapGet("/api/jobs/runs/{runId}", GetRun).RequireAuthorization(AccessSetup.AdminPolicy).WithTags("Jobs")
            .WithSummary("The state of one job run (admin): Enqueued, Processing, Succeeded, Failed…");
        return routes;
    }

    private static IResult GetRun(string runId, JobStorage storage)
    {
        // A run id is a positive decimal number, as the trigger returns it; the storages parse it themselves and throw on
        // anything else. The SQLite storage's ids are 32-bit: a larger number names no run there.
        if (!long.TryParse(runId, NumberStyles.None, CultureInfo.InvariantCulture, out long id) || id <= 0)
        {
            return Problems.Validation("runId", "a job run id is a positive whole number (digits only), as POST /api/jobs/{name}/trigger returns it.");
        }

        string canonical = id.ToString(CultureInfo.InvariantCulture);
        if (storage is SQLiteStorage && id > int.MaxValue)
        {
            return Problems.NotFound("job run", canonical);
        }

        Hangfire.Storage.Monitoring.JobDetailsDto? details = storage.GetMonitoringApi().JobDetails(canonical);
        if (details is null)
        {
            return Problems.NotFound("job run", canonical);
        }

        string state = details.History.Count > 0 ? details.History[0].StateName : "Created";
        string? reason = details.History.Count > 0 ? details.History[0].Reason : null;
        return TypedResults.Ok(new JobRunState(canonical, state, reason));
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
