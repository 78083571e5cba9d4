using OversightLedger.Domain.Entries;

namespace OversightLedger.Grains.Snapshots;

/// <summary>
/// One activation's snapshots: counts the entries it applies and, once <see cref="GrainSnapshotOptions.EveryEntries"/>
/// have been applied or <see cref="GrainSnapshotOptions.Every"/> has passed with at least one, writes a snapshot in the
/// background (one at a time), on the grain's turn.
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
    private readonly TimeProvider _time;
    private ulong _position;
    private long _pending;
    private DateTimeOffset _last;
    private Task? _running;

    public GrainSnapshotSchedule(
        GrainSnapshots snapshots, string kind, string id, string subject, ulong position, long replayed, Func<LedgerEntry, bool> hasApplied, Func<ulong, byte[]> capture,
        Action<ulong>? taken, TimeProvider time)
    {
        _snapshots = snapshots;
        _kind = kind;
        _id = id;
        _subject = subject;
        _position = position;
        _pending = replayed;
        _hasApplied = hasApplied;
        _capture = capture;
        _taken = taken;
        _time = time;
        _last = time.GetUtcNow();
        Applied(0);
    }

    /// <summary>The position of the last snapshot written or restored.</summary>
    public ulong Position => _position;

    /// <summary>The snapshot being written, or null.</summary>
    public Task? Running => _running;

    /// <summary>Counts <paramref name="count"/> applied entries; starts a snapshot when one is due. Call on the grain's turn.</summary>
    public void Applied(int count)
    {
        _pending += count;
        GrainSnapshotOptions options = _snapshots.Options;
        bool due = _pending >= Math.Max(1, options.EveryEntries) || (_pending > 0 && _time.GetUtcNow() - _last >= options.Every);
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
            _position = await _snapshots.TakeAsync(_kind, _id, _subject, _position, _hasApplied, _capture);
            _taken?.Invoke(_position); // on the grain's turn: the state lets go of what the snapshot now holds
            _pending -= counted;
            _last = _time.GetUtcNow();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            GrainSnapshots.LogWriteFailed(_snapshots.Logger, e, _kind, _id);
            _last = _time.GetUtcNow(); // not again at once: wait for the time or the count to come round
            _pending = 0;
        }
        finally
        {
            _running = null;
        }
    }
}
