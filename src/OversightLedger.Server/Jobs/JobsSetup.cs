using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using OversightLedger.Server.Hosting;

namespace OversightLedger.Server.Jobs;

/// <summary>
/// Hangfire in the embedded profile: in-memory job storage (jobs are idempotent and their results live in the log, so a
/// restart loses nothing but the schedule, which is registered again at start-up), one server with two workers.
/// In the azure profile the storage is PostgreSQL (<c>Hangfire:PostgreSql</c>, schema <c>Hangfire:Schema</c>), shared by
/// every silo, so each recurring job runs once per cluster, not once per silo; silos starting together against an
/// empty database set its schema up one at a time (<see cref="HangfireSchemaLock"/>).
/// </summary>
internal static class JobsSetup
{
    public static WebApplicationBuilder AddLedgerJobs(this WebApplicationBuilder builder, ServerOptions options)
    {
        string? postgreSql = builder.Configuration["Hangfire:PostgreSql"];
        if (options.Profile == ServerProfile.Azure && string.IsNullOrWhiteSpace(postgreSql))
        {
            throw new InvalidOperationException("The azure profile needs Hangfire:PostgreSql, a PostgreSQL connection string (OVERSIGHT_Hangfire__PostgreSql).");
        }

        string schema = builder.Configuration["Hangfire:Schema"] ?? "hangfire";
        builder.Services.AddHangfire((services, hangfire) =>
        {
            IGlobalConfiguration configured = hangfire
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (options.Profile == ServerProfile.Azure)
            {
                // The storage installs or upgrades its schema as it is made: one silo at a time (HangfireSchemaLock).
                using (HangfireSchemaLock.Acquire(postgreSql!, schema, services.GetRequiredService<ILogger<HangfireSchemaLock>>()))
                {
                    configured.UsePostgreSqlStorage(postgres => postgres.UseNpgsqlConnection(postgreSql), new PostgreSqlStorageOptions { SchemaName = schema, QueuePollInterval = TimeSpan.FromSeconds(2) });
                }
            }
            else
            {
                configured.UseInMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long });
            }
        });
        builder.Services.AddHangfireServer(server =>
        {
            server.WorkerCount = 2;
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        builder.Services.AddTransient<ExemptionSunsetJob>();
        builder.Services.AddTransient<WatchdogScanJob>();
        builder.Services.AddTransient<QuarterlyReportJob>();
        builder.Services.AddHostedService<RecurringJobsRegistration>();
        return builder;
    }
}
