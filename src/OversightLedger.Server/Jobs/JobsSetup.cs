using Hangfire;
using Hangfire.InMemory;

namespace OversightLedger.Server.Jobs;

/// <summary>
/// Hangfire in the embedded profile: in-memory job storage (jobs are idempotent and their results live in the log, so a
/// restart loses nothing but the schedule, which is registered again at start-up), one server with two workers.
/// </summary>
internal static class JobsSetup
{
    public static WebApplicationBuilder AddLedgerJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddHangfire(hangfire => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long }));
        builder.Services.AddHangfireServer(server =>
        {
            server.WorkerCount = 2;
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        builder.Services.AddTransient<ExemptionSunsetJob>();
        builder.Services.AddTransient<WatchdogScanJob>();
        builder.Services.AddHostedService<RecurringJobsRegistration>();
        return builder;
    }
}
