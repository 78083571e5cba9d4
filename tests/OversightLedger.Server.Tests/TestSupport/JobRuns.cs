using System.Net;
using System.Text.Json;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>Runs a server's recurring job now through the admin API and waits for the run to finish.</summary>
public static class JobRuns
{
    /// <summary>How long <see cref="TriggerAndWaitAsync"/> waits for the run.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);

    /// <summary>Triggers <paramref name="job"/> and returns once its run has succeeded (fails the test if it failed).</summary>
    public static async Task TriggerAndWaitAsync(this HttpClient admin, string job, CancellationToken cancellationToken) =>
        await admin.WaitUntilSucceededAsync(job, await admin.TriggerAsync(job, cancellationToken), DefaultWait, cancellationToken);

    /// <summary>Triggers <paramref name="job"/> (<c>POST /api/jobs/{job}/trigger</c>) and returns the id of the run it enqueued.</summary>
    public static async Task<string> TriggerAsync(this HttpClient admin, string job, CancellationToken cancellationToken)
    {
        JsonElement triggered = await (await admin.PostAsync(new Uri($"api/jobs/{job}/trigger", UriKind.Relative), null, cancellationToken))
            .ExpectJsonAsync(HttpStatusCode.Accepted, cancellationToken);
        return triggered.Text("runId");
    }

    /// <summary>
    /// Returns once the run <paramref name="runId"/> of <paramref name="job"/> has succeeded; fails the test if it failed
    /// or was deleted, or is still not done after <paramref name="within"/> (Hangfire's retries of a failed attempt included).
    /// </summary>
    public static async Task WaitUntilSucceededAsync(this HttpClient admin, string job, string runId, TimeSpan within, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + within;
        while (true)
        {
            JsonElement run = await admin.GetJsonAsync($"api/jobs/runs/{runId}", cancellationToken);
            string state = run.Text("state");
            if (state == "Succeeded")
            {
                return;
            }

            Assert.False(state is "Failed" or "Deleted", $"The {job} run {runId} ended {state}: {run}");
            Assert.True(DateTime.UtcNow < deadline, $"The {job} run {runId} is still {state} after {within.TotalSeconds} s: {run}");
            await Task.Delay(100, cancellationToken);
        }
    }
}
