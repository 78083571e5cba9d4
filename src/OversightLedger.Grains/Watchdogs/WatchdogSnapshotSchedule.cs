using OversightLedger.Domain.Watchdog;
using OversightLedger.Grains.Snapshots;

namespace OversightLedger.Grains.Watchdogs;

/// <summary>
/// One watchdog activation's snapshots, on the rules of <see cref="GrainSnapshotOptions"/> (paced by
/// <see cref="SnapshotPacing"/>): once it has read <see cref="GrainSnapshotOptions.EveryEntries"/> leaves since its last
/// snapshot, or <see cref="GrainSnapshotOptions.Every"/> has passed with at least one read, it writes one in the background
/// (one at a time), captured on the grain's turn at the leaf it has read up to. Unlike a budget or a program, a watchdog
/// reads the log in order, so its position is simply how far it has read: it never holds an entry beyond it that it has
/// not applied.
/// </summary>
internal sealed class WatchdogSnapshotSchedule
{
    private readonly SnapshotPacing _pacing;

    /// <summary>A schedule for the watchdog <paramref name="id"/>, whose state <paramref name="capture"/> takes at the leaf it has read up to.</summary>
    public WatchdogSnapshotSchedule(GrainSnapshots snapshots, string id, Func<(ulong Position, byte[] Body)> capture, TimeProvider time) =>
        _pacing = new SnapshotPacing(
            snapshots.Options, () => Math.Max(1, snapshots.Options.EveryEntries), writesWhenIdle: false, pending: 0,
            async () =>
            {
                (ulong position, byte[] body) = capture(); // synchronous: one consistent state
                await snapshots.WriteAtAsync(WatchdogMonitor.SnapshotKind, id, position, body);
                return true;
            },
            e => GrainSnapshots.LogWriteFailed(snapshots.Logger, e, WatchdogMonitor.SnapshotKind, id), time);

    /// <summary>The snapshot being written, or null.</summary>
    public Task? Running => _pacing.Running;

    /// <summary>Counts <paramref name="leaves"/> read; starts a snapshot when one is due. Call on the grain's turn.</summary>
    public void Read(long leaves) => _pacing.Counted(leaves);
}
