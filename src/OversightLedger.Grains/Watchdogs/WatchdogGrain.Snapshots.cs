using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Findings;
using OversightLedger.Domain.Watchdog;
using OversightLedger.Grains.Snapshots;

namespace OversightLedger.Grains.Watchdogs;

/// <summary>
/// The watchdog's state snapshots (issue 17, item 1): its monitor (the log-backed replay inside it and what its rules keep)
/// and its finding book, tied to the leaf it has read up to. Restored at the first catch-up of an activation when one agrees
/// with the log (its root at that size), was taken under the same rule settings and scope, is of the log-backed format
/// (<see cref="WatchdogMonitor.LogBackedBodyKind"/>; one of an earlier format, which kept every disbursement or, version 2,
/// every period's cap totals in memory, is refused) and reads whole; otherwise
/// discarded with a warning, and the log is read from leaf 0 as before. Written in the background as leaves are read.
/// </summary>
public sealed partial class WatchdogGrain
{
    private WatchdogSnapshotSchedule? _snapshots;
    private bool _restoreTried;

    /// <summary>Restores the monitor and the book from the latest usable snapshot, and schedules the next ones (when a snapshot store is configured).</summary>
    private async Task RestoreAsync()
    {
        if (ServiceProvider.GetService<GrainSnapshots>() is not { } snapshots)
        {
            return;
        }

        var scope = new WatchdogScope(state.State.Budgets, state.State.Programs);
        FindingBook? book = null;
        (WatchdogMonitor? monitor, ulong position) = await snapshots.RestoreStateAsync(WatchdogMonitor.SnapshotKind, Id, body =>
        {
            (WatchdogMonitor restored, book) = WatchdogMonitor.FromLogBackedSnapshot(Id, settings.Value, scope, body);
            return restored;
        });
        if (monitor is not null && monitor.NextLeafIndex != position)
        {
            snapshots.Discarded(WatchdogMonitor.SnapshotKind, Id, $"its monitor has read {monitor.NextLeafIndex} leaves, its position is {position}");
            monitor = null;
        }

        if (monitor is not null && book is not null)
        {
            _monitor = monitor;
            _nextLeaf = position;
            _book = book;
            _raisedOrder.Clear();
            _raisedOrder.AddRange(book.AppliedEntries.OfType<FindingRaised>().Where(r => r.Watchdog == Id).Select(r => r.Finding));
            LogRestoredFromSnapshot(logger, Id, position, _raisedOrder.Count);
        }

        _snapshots = new WatchdogSnapshotSchedule(snapshots, Id, Capture, time);
    }

    /// <summary>The state at the leaf read up to, on the grain's turn (no await: nothing is read or recorded meanwhile).</summary>
    private (ulong Position, byte[] Body) Capture()
    {
        WatchdogMonitor monitor = _monitor ?? throw new InvalidOperationException($"The watchdog '{Id}' has not read the log yet.");
        return (monitor.NextLeafIndex, monitor.ToSnapshot(_book));
    }

    /// <summary>Counts leaves read toward the next snapshot.</summary>
    private void CountForSnapshot(long read) => _snapshots?.Read(read);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watchdog {Watchdog} restored from its snapshot at log size {Position} ({Findings} findings of its own); reading the log from there")]
    private static partial void LogRestoredFromSnapshot(ILogger logger, string watchdog, ulong position, int findings);
}
