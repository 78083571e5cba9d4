namespace OversightLedger.Grains.Watchdogs;

/// <summary>The persisted list of watchdog ids.</summary>
[GenerateSerializer]
[Alias("OversightLedger.Grains.Watchdogs.WatchdogDirectoryState")]
public sealed class WatchdogDirectoryState
{
    /// <summary>Watchdog ids in order of registration.</summary>
    [Id(0)]
    public List<string> Watchdogs { get; set; } = [];
}
