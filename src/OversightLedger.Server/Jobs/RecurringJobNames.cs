namespace OversightLedger.Server.Jobs;

/// <summary>The ids and schedules (cron, UTC) of the server's Hangfire recurring jobs.</summary>
public static class RecurringJobNames
{
    /// <summary>Logs the expiry of exemptions past their sunset and warns of those near it.</summary>
    public const string ExemptionSunset = "exemption-sunset";

    /// <summary>Daily, ten minutes past midnight UTC.</summary>
    public const string ExemptionSunsetCron = "10 0 * * *";

    /// <summary>Every watchdog reads the log since its last scan and raises new findings.</summary>
    public const string WatchdogScan = "watchdog-scan";

    /// <summary>Every minute.</summary>
    public const string WatchdogScanCron = "* * * * *";

    /// <summary>Publishes the report of every quarter that ended without one.</summary>
    public const string QuarterlyReport = "quarterly-report";

    /// <summary>At midnight UTC on the first day of each quarter.</summary>
    public const string QuarterlyReportCron = "0 0 1 1,4,7,10 *";

    /// <summary>Anchors the log's checkpoint in Bitcoin and records anchors that reached their depth (off unless <c>Anchoring:RpcUrl</c> is set).</summary>
    public const string CheckpointAnchor = "checkpoint-anchor";

    /// <summary>Every 6 hours (<c>Anchoring:Cron</c> overrides it).</summary>
    public const string CheckpointAnchorCron = "0 */6 * * *";

    /// <summary>Reloads the configured sanctions lists (files and addresses) and records each changed version.</summary>
    public const string SanctionsRefresh = "sanctions-refresh";

    /// <summary>Opens scheduled benchmark reviews when due, closes them when their window has passed, warns verifiers 14 days ahead.</summary>
    public const string BenchmarkReviews = "benchmark-reviews";

    /// <summary>Daily, twenty minutes past midnight UTC (after the exemption sunset).</summary>
    public const string BenchmarkReviewsCron = "20 0 * * *";

    /// <summary>Logs the expiry of licences past it and warns of those within 30 days of it.</summary>
    public const string LicenceExpiry = "licence-expiry";

    /// <summary>Daily, fifteen minutes past midnight UTC (<c>Jobs:LicenceExpiryCron</c> overrides it).</summary>
    public const string LicenceExpiryCron = "15 0 * * *";

    /// <summary>Logs the expiry of payment lists that waited their whole time for vetting.</summary>
    public const string PaymentListExpiry = "payment-list-expiry";

    /// <summary>Hourly, at five past (<c>Jobs:PaymentListExpiryCron</c> overrides it).</summary>
    public const string PaymentListExpiryCron = "5 * * * *";

    /// <summary>All the job ids the admin API may trigger.</summary>
    public static IReadOnlyList<string> All { get; } = [ExemptionSunset, WatchdogScan, QuarterlyReport, CheckpointAnchor, SanctionsRefresh, BenchmarkReviews, LicenceExpiry, PaymentListExpiry];
}
