using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using OversightLedger.Server.Hosting;

namespace OversightLedger.Server.Jobs;

/// <summary>
/// Hangfire in the embedded profile: an SQLite database in the data directory (<see cref="ServerOptions.JobsDatabase"/>,
/// created 0600 through <see cref="SecretFiles"/>), so the queue, the schedules and the run history survive a restart;
/// one server with two workers. In the azure profile the storage is PostgreSQL (<c>Hangfire:PostgreSql</c>, schema
/// <c>Hangfire:Schema</c>), shared by every silo, so each recurring job runs once per cluster, not once per silo; silos
/// starting together against an empty database set its schema up one at a time (<see cref="HangfireSchemaLock"/>).
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

        if (options.Profile != ServerProfile.Azure)
        {
            // A singleton of the container, so that it is disposed (its pooled connections closed) when the server stops.
            builder.Services.AddSingleton(provider =>
            {
                OrphanedJobRelease.Release(options.JobsDatabase, provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OrphanedJobRelease)));
                return OpenSqliteStorage(options.JobsDatabase);
            });
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
                configured.UseStorage(services.GetRequiredService<SQLiteStorage>());
            }
        });
        builder.Services.AddHangfireServer(server =>
        {
            server.WorkerCount = 2;
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        builder.Services.AddTransient<ExemptionSunsetJob>();
        builder.Services.AddTransient<LicenceExpiryJob>();
        builder.Services.AddTransient<BenchmarkReviewJob>();
        builder.Services.AddTransient<PaymentListExpiryJob>();
        builder.Services.AddTransient(provider => new SanctionsRefreshJob(
            provider.GetRequiredService<Sanctions.SanctionsListLoader>(), provider.GetRequiredService<ILogger<SanctionsRefreshJob>>()));
        builder.Services.AddTransient<WatchdogScanJob>();
        builder.Services.AddTransient<QuarterlyReportJob>();
        builder.Services.AddHostedService<RecurringJobsRegistration>();
        return builder;
    }

    /// <summary>
    /// Hangfire's storage on the SQLite database <paramref name="path"/>, created 0600 in a 0700 directory before SQLite
    /// opens it (its -wal and -shm get the same mode); the storage creates its tables on a new database.
    /// </summary>
    internal static SQLiteStorage OpenSqliteStorage(string path)
    {
        SecretFiles.PrepareDatabase(path);

        // The queue is polled every second (the default, 15 s, would make a triggered run wait that long).
        return new SQLiteStorage(path, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) });
    }
}
