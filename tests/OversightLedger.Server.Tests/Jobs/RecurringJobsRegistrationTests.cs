using Hangfire;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Configuration;
using OversightLedger.Server.Jobs;
using OversightLedger.Server.Tests.Persistence;

namespace OversightLedger.Server.Tests.Jobs;

/// <summary>The recurring jobs as registered in Hangfire's storage (the embedded profile's SQLite database), with the watchdog scan's schedule from configuration.</summary>
public class RecurringJobsRegistrationTests
{
    [Theory]
    [InlineData(null, "* * * * *")]
    [InlineData("*/5 * * * *", "*/5 * * * *")]
    [InlineData("never", "0 0 31 2 *")]
    public async Task The_watchdog_scan_runs_on_the_configured_schedule(string? setting, string expectedCron)
    {
        using var directory = new SqliteTestDirectory();
        using SQLiteStorage storage = JobsSetup.OpenSqliteStorage(Path.Combine(directory.Root, "jobs.db"));
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(setting is null ? [] : [new KeyValuePair<string, string?>("Jobs:WatchdogScanCron", setting)])
            .Build();
        var registration = new RecurringJobsRegistration(new RecurringJobManager(storage), new BackgroundJobClient(storage), configuration);

        await registration.StartAsync(TestContext.Current.CancellationToken);

        using IStorageConnection connection = storage.GetConnection();
        Dictionary<string, string> crons = connection.GetRecurringJobs().ToDictionary(job => job.Id, job => job.Cron);
        Assert.Equal(expectedCron, crons[RecurringJobNames.WatchdogScan]);
        Assert.Equal(RecurringJobNames.QuarterlyReportCron, crons[RecurringJobNames.QuarterlyReport]);
        Assert.Equal(RecurringJobNames.ExemptionSunsetCron, crons[RecurringJobNames.ExemptionSunset]);
    }

    [Theory]
    [InlineData(null, "0 */6 * * *")]
    [InlineData("0 * * * *", "0 * * * *")]
    public async Task The_checkpoint_anchor_runs_every_six_hours_or_on_Anchoring_Cron(string? setting, string expectedCron)
    {
        using var directory = new SqliteTestDirectory();
        using SQLiteStorage storage = JobsSetup.OpenSqliteStorage(Path.Combine(directory.Root, "jobs.db"));
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(setting is null ? [] : [new KeyValuePair<string, string?>("Anchoring:Cron", setting)])
            .Build();
        var registration = new RecurringJobsRegistration(new RecurringJobManager(storage), new BackgroundJobClient(storage), configuration);

        await registration.StartAsync(TestContext.Current.CancellationToken);

        using IStorageConnection connection = storage.GetConnection();
        Assert.Equal(expectedCron, connection.GetRecurringJobs().Single(job => job.Id == RecurringJobNames.CheckpointAnchor).Cron);
    }
}
