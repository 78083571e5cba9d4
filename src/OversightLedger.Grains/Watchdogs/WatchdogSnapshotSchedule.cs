using OversightLedger.Domain.Watchdog;
using OversightLedger.Grains.Snapshots;

namespace OversightLedger.Grains.Watchdogs;

/// <summary>
/// One watchdog activation's snapshots, on the rules of <see cref="GrainSnapshotOptions"/>: once it has read
/// <see cref="GrainSnapshotOptions.EveryEntries"/> leaves since its last snapshot, or <see cref="GrainSnapshotOptions.Every"/>
/// has passed with at least one read, it writes one in the background (one at a time), captured on the grain's turn at
/// the leaf it has read up to. Unlike a budget or a program, a watchdog reads the log in order, so its position is simply
/// how far it has read: it never holds an entry beyond it that it has not applied.
/// </summary>
internal sealed class WatchdogSnapshotSchedule(GrainSnapshots snapshots, string id, Func<(ulong Position, byte[] Body)> capture, TimeProvider time)
{
    private long _pending;
    private DateTimeOffset _last = time.GetUtcNow();
    private Task? _running;

    /// <summary>The snapshot being written, or null.</summary>
    public Task? Running => _running;

    /// <summary>Counts <paramref name="leaves"/> read; starts a snapshot when one is due. Call on the grain's turn.</summary>
    public void Read(long leaves)
    {
        _pending += leaves;
        GrainSnapshotOptions options = snapshots.Options;
        bool due = _pending >= Math.Max(1, options.EveryEntries) || (_pending > 0 && time.GetUtcNow() - _last >= options.Every);
        if (options.Enabled && due && _running is null)
        {
            _running = TakeAsync();
        }
    }

    private async Task TakeAsync()
    {
        long counted = _pending;
        try
        {
            await Task.Yield(); // out of the caller's turn: a snapshot is never on a request's path
            (ulong position, byte[] body) = capture(); // synchronous: one consistent state
            await snapshots.WriteAtAsync(WatchdogMonitor.SnapshotKind, id, position, body);
            _pending -= counted;
            _last = time.GetUtcNow();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            GrainSnapshots.LogWriteFailed(snapshots.Logger, e, WatchdogMonitor.SnapshotKind, id);
            _last = time.GetUtcNow();
            _pending = 0;
        }
        finally
        {
            _running = null;
        }
    }
}
