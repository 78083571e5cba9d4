namespace OversightLedger.Grains.Watchdogs;

/// <summary>Holds the registered watchdog ids; an addition is durable before it is acknowledged.</summary>
public sealed class WatchdogDirectoryGrain(
    [PersistentState("watchdogs", GrainStorageNames.Ledger)] IPersistentState<WatchdogDirectoryState> state) : Grain, IWatchdogDirectoryGrain
{
    /// <inheritdoc/>
    public async Task AddAsync(string watchdog)
    {
        if (!state.State.Watchdogs.Contains(watchdog, StringComparer.Ordinal))
        {
            state.State.Watchdogs.Add(watchdog);
            await state.WriteStateAsync();
        }
    }

    /// <inheritdoc/>
    public Task<string[]> ListAsync() => Task.FromResult(state.State.Watchdogs.ToArray());
}
