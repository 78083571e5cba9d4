using OversightLedger.Grains.Reports;

namespace OversightLedger.Server.Jobs;

/// <summary>
/// Publishes the report of every quarter that has ended without one: run by its schedule at the start of each quarter,
/// and once at start-up (catch-up). Idempotent: a published quarter is not published again.
/// </summary>
public sealed partial class QuarterlyReportJob(IGrainFactory grains, ILogger<QuarterlyReportJob> logger)
{
    /// <summary>Publishes the missing quarters; returns those published by this run.</summary>
    public async Task<string[]> RunAsync()
    {
        ReportPublication[] publications = await grains.GetGrain<IReportCatalogGrain>(IReportCatalogGrain.Key).PublishEndedQuartersAsync();
        string[] published = [.. publications.Where(p => p.PublishedNow).Select(p => p.Quarter)];
        foreach (string quarter in published)
        {
            LogPublished(logger, quarter);
        }

        return published;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The quarterly report job published {Quarter}")]
    private static partial void LogPublished(ILogger logger, string quarter);
}
