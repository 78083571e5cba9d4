using System.Diagnostics;
using System.Net;
using Npgsql;
using OversightLedger.Server.Jobs;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Cluster;

/// <summary>
/// Replicas that start together (issue 5): three azure-profile server processes launched at the same moment against an
/// empty PostgreSQL database all become ready; Hangfire's schema was set up once, by one of them, with no installer
/// failing on another's half-made schema (Hangfire.PostgreSql's installer takes no lock of its own: the silos take turns
/// under <see cref="HangfireSchemaLock"/>); each recurring job is registered once; and a job triggered on any silo runs.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(AzureClusterCollection.Name)]
public sealed class ClusterStartTests(AzureTestComponents components)
{
    private const int SiloCount = 3;

    /// <summary>What Hangfire.PostgreSql logs when an install or upgrade script fails (then retries after a pause).</summary>
    private const string InstallerFailure = "Error while executing install/upgrade";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_silos_started_together_on_an_empty_database_all_become_ready_and_register_each_recurring_job_once()
    {
        string database = "oversight_start_" + Guid.NewGuid().ToString("N")[..12];
        string postgres = await components.CreateDatabaseAsync(database, Ct);
        try
        {
            await using var cluster = new AzureTestCluster(components, new Dictionary<string, string> { ["Hangfire:PostgreSql"] = postgres });
            var clock = Stopwatch.StartNew();
            ServerProcess[] silos = await Task.WhenAll(Enumerable.Range(0, SiloCount).Select(_ => cluster.StartSiloAsync(Ct)));
            long readyMs = clock.ElapsedMilliseconds;

            foreach (ServerProcess silo in silos)
            {
                using HttpClient reader = silo.CreateClient();
                using HttpResponseMessage ready = await reader.GetAsync(new Uri("health/ready", UriKind.Relative), Ct);
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                Assert.False(silo.Printed(InstallerFailure), $"{silo.Name} failed to set up Hangfire's schema and retried.\n{cluster.Output()}");
                Assert.False(silo.Printed("Could not take the advisory lock"), $"{silo.Name} set up Hangfire's schema without the lock.\n{cluster.Output()}");
            }

            await using (var connection = new NpgsqlConnection(postgres))
            {
                await connection.OpenAsync(Ct);
                string schema = cluster.HangfireSchema;

                // One schema, at one version: the installer's row, moved up by each upgrade script.
                Assert.Equal([schema], await StringsAsync(connection, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'hangfire%'"));
                Assert.Single(await StringsAsync(connection, $"SELECT version::text FROM \"{schema}\".\"schema\""));

                // Each recurring job once in the set of recurring jobs, with one definition each.
                Assert.Equal(
                    RecurringJobNames.All.Order(StringComparer.Ordinal),
                    await StringsAsync(connection, $"SELECT value FROM \"{schema}\".\"set\" WHERE key = 'recurring-jobs' ORDER BY value COLLATE \"C\""));
                Assert.Equal(
                    RecurringJobNames.All.Select(job => $"recurring-job:{job}").Order(StringComparer.Ordinal),
                    await StringsAsync(connection, $"SELECT key FROM \"{schema}\".\"hash\" WHERE key LIKE 'recurring-job:%' AND field = 'Job' ORDER BY key COLLATE \"C\""));
            }

            // Every silo's Hangfire works on the shared storage: a job triggered on each one runs.
            foreach (ServerProcess silo in silos)
            {
                using HttpClient admin = silo.CreateClient(ServerProcess.AdminKey);
                await admin.TriggerAndWaitAsync(RecurringJobNames.ExemptionSunset, Ct);
            }

            string message = $"{SiloCount} silos started together on an empty database were ready in {readyMs} ms; Hangfire's schema was set up once.";
            TestContext.Current.TestOutputHelper?.WriteLine(message);
            TestContext.Current.SendDiagnosticMessage(message);
        }
        finally
        {
            await components.DropDatabaseAsync(database);
        }
    }

    private static async Task<List<string>> StringsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(Ct);
        List<string> values = [];
        while (await reader.ReadAsync(Ct))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
