using OversightLedger.Domain.Entries;

namespace OversightLedger.Grains.Snapshots;

/// <summary>
/// One activation's snapshots: counts the entries it applies and writes a snapshot in the background (one at a time), on
/// the grain's turn, when one is due (<see cref="GrainSnapshotOptions"/>, paced by <see cref="SnapshotPacing"/>): after a
/// number of entries tied to the size of the grain's last snapshot (<see cref="GrainSnapshotOptions.EntriesBetween"/>), once
/// the grain has been quiet for <see cref="GrainSnapshotOptions.IdleAfter"/> with entries applied since, or once
/// <see cref="GrainSnapshotOptions.Every"/> has passed with at least one.
/// </summary>
internal sealed class GrainSnapshotSchedule
{
    private readonly GrainSnapshots _snapshots;
    private readonly string _kind;
    private readonly string _id;
    private readonly string _subject;
    private readonly Func<LedgerEntry, bool> _hasApplied;
    private readonly Func<ulong, byte[]> _capture;
    private readonly Action<ulong>? _taken;
    private readonly SnapshotPacing _pacing;
    private ulong _position;

    /// <summary>
    /// A schedule for an activation that restored at <paramref name="position"/> and replayed <paramref name="replayed"/>
    /// entries after it: those count toward the next snapshot, which, if the grain then stays quiet, is written after
    /// <see cref="GrainSnapshotOptions.IdleAfter"/> (never at once: the activation's first request comes first).
    /// </summary>
    public GrainSnapshotSchedule(
        GrainSnapshots snapshots, string kind, string id, string subject, ulong position, long replayed, Func<LedgerEntry, bool> hasApplied, Func<ulong, byte[]> capture,
        Action<ulong>? taken, TimeProvider time)
    {
        _snapshots = snapshots;
        _kind = kind;
        _id = id;
        _subject = subject;
        _position = position;
        _hasApplied = hasApplied;
        _capture = capture;
        _taken = taken;
        _pacing = new SnapshotPacing(
            snapshots.Options, () => snapshots.Options.EntriesBetween(snapshots.LastSize(kind, id)), writesWhenIdle: true, replayed, WriteAsync,
            e => GrainSnapshots.LogWriteFailed(snapshots.Logger, e, kind, id), time);
    }

    /// <summary>The position of the last snapshot written or restored.</summary>
    public ulong Position => _position;

    /// <summary>The snapshot being written, or null.</summary>
    public Task? Running => _pacing.Running;

    /// <summary>Counts <paramref name="count"/> applied entries; starts a snapshot when one is due. Call on the grain's turn.</summary>
    public void Applied(int count) => _pacing.Counted(count);

    private async Task<bool> WriteAsync()
    {
        _position = await _snapshots.TakeAsync(_kind, _id, _subject, _position, _hasApplied, _capture);
        _taken?.Invoke(_position); // on the grain's turn: the state lets go of what the snapshot now holds
        return true;
    }
}
