using System.Net;
using System.Text.Json;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>Runs a server's recurring job now through the admin API and waits for the run to finish.</summary>
public static class JobRuns
{
    /// <summary>Triggers <paramref name="job"/> and returns once its run has succeeded (fails the test if it failed).</summary>
    public static async Task TriggerAndWaitAsync(this HttpClient admin, string job, CancellationToken cancellationToken)
    {
        JsonElement triggered = await (await admin.PostAsync(new Uri($"api/jobs/{job}/trigger", UriKind.Relative), null, cancellationToken))
            .ExpectJsonAsync(HttpStatusCode.Accepted, cancellationToken);
        string runId = triggered.Text("runId");
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            JsonElement run = await admin.GetJsonAsync($"api/jobs/runs/{runId}", cancellationToken);
            string state = run.Text("state");
            if (state == "Succeeded")
            {
                return;
            }

            Assert.False(state is "Failed" or "Deleted", $"The {job} run {runId} ended {state}: {run}");
            Assert.True(DateTime.UtcNow < deadline, $"The {job} run {runId} is still {state} after 60 s.");
            await Task.Delay(100, cancellationToken);
        }
    }
}
