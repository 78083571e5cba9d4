namespace OversightLedger.Grains.Watchdogs;

/// <summary>The list of registered watchdogs (one activation, key <c>main</c>), so the scan job can visit each.</summary>
[Alias("OversightLedger.Grains.Watchdogs.IWatchdogDirectoryGrain")]
public interface IWatchdogDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The key of the one directory.</summary>
    const string Key = "main";

    /// <summary>Adds a watchdog id (idempotent); returns once durable.</summary>
    [Alias("AddAsync")]
    Task AddAsync(string watchdog);

    /// <summary>Every registered watchdog id, in order of registration.</summary>
    [Alias("ListAsync")]
    Task<string[]> ListAsync();
}
