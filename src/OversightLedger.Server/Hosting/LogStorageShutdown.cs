using OversightLedger.Grains.AuditLog;

namespace OversightLedger.Server.Hosting;

/// <summary>
/// Opens the embedded profile's log at start-up (replaying its journal after a crash, before anything is served) and
/// closes it at shutdown, after the silo has stopped: the partial tiles held in memory are written to the directory and
/// the journal removed, so a stopped server leaves a plain, complete log behind.
/// </summary>
internal sealed class LogStorageShutdown(AuditLogStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (store.Storage is IAsyncDisposable closable)
        {
            await closable.DisposeAsync().ConfigureAwait(false);
        }
    }
}
