using Hangfire;

namespace OversightLedger.Server.Jobs;

/// <summary>
/// Registers the recurring jobs (schedules in UTC) once the server has started, and queues the report catch-up. The
/// watchdog scan's schedule is a setting (<c>Jobs:WatchdogScanCron</c>, a cron expression or <c>never</c>), and so are the
/// benchmark reviews' (<c>Jobs:BenchmarkReviewsCron</c>), the licence expiry's (<c>Jobs:LicenceExpiryCron</c>), the
/// payment lists' expiry (<c>Jobs:PaymentListExpiryCron</c>), the
/// checkpoint anchor's (<c>Anchoring:Cron</c>) and the sanctions lists' refresh (<c>Sanctions:RefreshCron</c>).
/// </summary>
internal sealed class RecurringJobsRegistration(IRecurringJobManager jobs, IBackgroundJobClient background, IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        RecurringJobOptions utc = new() { TimeZone = TimeZoneInfo.Utc };
        string scanCron = configuration["Jobs:WatchdogScanCron"] is { Length: > 0 } configured
            ? configured.Trim() == "never" ? Cron.Never() : configured.Trim()
            : RecurringJobNames.WatchdogScanCron;
        jobs.AddOrUpdate<ExemptionSunsetJob>(RecurringJobNames.ExemptionSunset, job => job.RunAsync(), RecurringJobNames.ExemptionSunsetCron, utc);
        string reviewsCron = configuration["Jobs:BenchmarkReviewsCron"] is { Length: > 0 } reviews
            ? reviews.Trim() == "never" ? Cron.Never() : reviews.Trim()
            : RecurringJobNames.BenchmarkReviewsCron;
        jobs.AddOrUpdate<BenchmarkReviewJob>(RecurringJobNames.BenchmarkReviews, job => job.RunAsync(), reviewsCron, utc);
        string expiryCron = configuration["Jobs:PaymentListExpiryCron"] is { Length: > 0 } expiry
            ? expiry.Trim() == "never" ? Cron.Never() : expiry.Trim()
            : RecurringJobNames.PaymentListExpiryCron;
        jobs.AddOrUpdate<PaymentListExpiryJob>(RecurringJobNames.PaymentListExpiry, job => job.RunAsync(), expiryCron, utc);
        jobs.AddOrUpdate<WatchdogScanJob>(RecurringJobNames.WatchdogScan, job => job.RunAsync(), scanCron, utc);
        jobs.AddOrUpdate<QuarterlyReportJob>(RecurringJobNames.QuarterlyReport, job => job.RunAsync(), RecurringJobNames.QuarterlyReportCron, utc);
        string refreshCron = configuration["Sanctions:RefreshCron"] is { Length: > 0 } refresh
            ? refresh.Trim() == "never" ? Cron.Never() : refresh.Trim()
            : new Sanctions.SanctionsOptions().RefreshCron;
        jobs.AddOrUpdate<SanctionsRefreshJob>(RecurringJobNames.SanctionsRefresh, job => job.RunAsync(), refreshCron, utc);
        string licenceCron = configuration["Jobs:LicenceExpiryCron"] is { Length: > 0 } licences
            ? licences.Trim() == "never" ? Cron.Never() : licences.Trim()
            : RecurringJobNames.LicenceExpiryCron;
        jobs.AddOrUpdate<LicenceExpiryJob>(RecurringJobNames.LicenceExpiry, job => job.RunAsync(), licenceCron, utc);
        jobs.AddOrUpdate<CheckpointAnchorJob>(RecurringJobNames.CheckpointAnchor, job => job.RunAsync(), configuration["Anchoring:Cron"] is { Length: > 0 } anchorCron ? anchorCron.Trim() : RecurringJobNames.CheckpointAnchorCron, utc);

        // Catch-up: a quarter that ended while the server was down is published now, not at the next quarter's start.
        background.Enqueue<QuarterlyReportJob>(job => job.RunAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
