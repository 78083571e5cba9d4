using OversightLedger.Grains.Watchdogs;

namespace OversightLedger.Server.Jobs;

/// <summary>Every watchdog reads the log since its last scan and raises its new findings (and settles snap-backs).</summary>
public sealed partial class WatchdogScanJob(IGrainFactory grains, ILogger<WatchdogScanJob> logger)
{
    /// <summary>Scans with every registered watchdog; returns the number of findings raised.</summary>
    public async Task<int> RunAsync()
    {
        int raised = 0;
        foreach (string watchdog in await grains.GetGrain<IWatchdogDirectoryGrain>(IWatchdogDirectoryGrain.Key).ListAsync())
        {
            WatchdogScanOutcome outcome = await grains.GetGrain<IWatchdogGrain>(watchdog).ScanAsync();
            raised += outcome.RaisedFindings.Length;
            if (outcome.RaisedFindings.Length > 0)
            {
                LogScanned(logger, watchdog, outcome.ScannedTo, outcome.RaisedFindings.Length);
            }
        }

        return raised;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watchdog {Watchdog} read the log up to leaf {ScannedTo} and raised {Raised} findings")]
    private static partial void LogScanned(ILogger logger, string watchdog, ulong scannedTo, int raised);
}
