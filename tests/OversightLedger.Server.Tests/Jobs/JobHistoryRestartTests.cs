using System.Text.Json;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Jobs;

/// <summary>
/// The embedded profile keeps Hangfire's state in <c>jobs.db</c> in the data directory: runs recorded before a kill -9
/// and restart on the same data directory are still listed after it. Runs on its own server.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class JobHistoryRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_recorded_before_a_restart_is_listed_after_it()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(Ct);
        string finished;
        string acknowledged;
        using (HttpClient admin = server.CreateClient(ServerProcess.AdminKey))
        {
            finished = await admin.TriggerAsync("exemption-sunset", Ct);
            await admin.WaitUntilSucceededAsync("exemption-sunset", finished, JobRuns.DefaultWait, Ct);

            // Acknowledged (202), then killed at once: the run is in the database whatever state it reached.
            acknowledged = await admin.TriggerAsync("watchdog-scan", Ct);
        }

        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "jobs.db")));
        await server.RestartAsync(Ct);

        using HttpClient restarted = server.CreateClient(ServerProcess.AdminKey);
        JsonElement run = await restarted.GetJsonAsync($"api/jobs/runs/{finished}", Ct);
        Assert.Equal("Succeeded", run.Text("state"));
        await restarted.WaitUntilSucceededAsync("watchdog-scan", acknowledged, JobRuns.DefaultWait, Ct);

        // Ids go on from where they were: a new run is not given an old run's id.
        string after = await restarted.TriggerAsync("exemption-sunset", Ct);
        Assert.True(long.Parse(after, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(acknowledged, System.Globalization.CultureInfo.InvariantCulture));

        using HttpResponseMessage page = await restarted.GetAsync(new Uri($"hangfire/jobs/details/{finished}", UriKind.Relative), Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Succeeded", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
