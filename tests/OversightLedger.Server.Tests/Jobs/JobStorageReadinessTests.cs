using System.Net;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Jobs;

/// <summary>
/// <c>/health/ready</c> checks the embedded profile's job storage: a <c>jobs.db</c> that is not a database makes the
/// server not ready (503) while it stays live, and it is ready again once the database is back. Runs on its own server.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class JobStorageReadinessTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_jobs_database_that_is_not_a_database_makes_the_server_not_ready()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(Ct);
        using HttpClient client = server.CreateClient();
        string database = Path.Combine(server.DataDirectory, "jobs.db");
        string[] files = [database, database + "-wal", database + "-shm"];
        await ExpectReadyAsync(client, HttpStatusCode.OK, "Healthy");

        // The database, its -wal and -shm moved aside (the server's open connections keep them: they are put back
        // below), and a file that is not a database put in its place.
        string broken = database + ".broken";
        await File.WriteAllBytesAsync(broken, System.Text.Encoding.ASCII.GetBytes(new string('x', 8192)), Ct);
        foreach (string file in files)
        {
            File.Move(file, file + ".aside");
        }

        File.Move(broken, database, overwrite: true);
        await ExpectReadyAsync(client, HttpStatusCode.ServiceUnavailable, "Unhealthy");
        using (HttpResponseMessage stillLive = await client.GetAsync(new Uri("health/live", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, stillLive.StatusCode);
        }

        foreach (string file in files)
        {
            File.Move(file + ".aside", file, overwrite: true);
        }

        await ExpectReadyAsync(client, HttpStatusCode.OK, "Healthy");
    }

    private static async Task ExpectReadyAsync(HttpClient client, HttpStatusCode status, string body)
    {
        DateTime deadline = DateTime.UtcNow + Within;
        while (true)
        {
            using HttpResponseMessage ready = await client.GetAsync(new Uri("health/ready", UriKind.Relative), Ct);
            string text = await ready.Content.ReadAsStringAsync(Ct);
            if (ready.StatusCode == status)
            {
                Assert.Equal(body, text);
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"/health/ready is still {(int)ready.StatusCode} {text}, not {(int)status}, after {Within.TotalSeconds} s");
            await Task.Delay(200, Ct);
        }
    }
}
