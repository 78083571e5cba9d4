using Hangfire;

namespace OversightLedger.Server.Jobs;

/// <summary>Registers the recurring jobs (schedules in UTC) once the server has started.</summary>
internal sealed class RecurringJobsRegistration(IRecurringJobManager jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        RecurringJobOptions utc = new() { TimeZone = TimeZoneInfo.Utc };
        jobs.AddOrUpdate<ExemptionSunsetJob>(RecurringJobNames.ExemptionSunset, job => job.RunAsync(), RecurringJobNames.ExemptionSunsetCron, utc);
        jobs.AddOrUpdate<WatchdogScanJob>(RecurringJobNames.WatchdogScan, job => job.RunAsync(), RecurringJobNames.WatchdogScanCron, utc);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
