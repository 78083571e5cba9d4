using OversightLedger.Domain.Entries;

namespace OversightLedger.Grains.Snapshots;

/// <summary>
/// One activation's snapshots: counts the entries it applies and writes a snapshot in the background (one at a time), on
/// the grain's turn, when one is due (<see cref="GrainSnapshotOptions"/>): after a number of entries tied to the size of
/// the grain's last snapshot (<see cref="GrainSnapshotOptions.EntriesBetween"/>), once the grain has been quiet for
/// <see cref="GrainSnapshotOptions.IdleAfter"/> with entries applied since, or once <see cref="GrainSnapshotOptions.Every"/>
/// has passed with at least one.
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
    private DateTimeOffset _lastApplied;
    private Task? _running;
    private Task? _idleWatch;

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
        _pending = replayed;
        _hasApplied = hasApplied;
        _capture = capture;
        _taken = taken;
        _time = time;
        _last = time.GetUtcNow();
        _lastApplied = _last;
        WatchForIdle();
    }

    /// <summary>The position of the last snapshot written or restored.</summary>
    public ulong Position => _position;

    /// <summary>The snapshot being written, or null.</summary>
    public Task? Running => _running;

    /// <summary>Counts <paramref name="count"/> applied entries; starts a snapshot when one is due. Call on the grain's turn.</summary>
    public void Applied(int count)
    {
        DateTimeOffset now = _time.GetUtcNow();
        _pending += count;
        if (count > 0)
        {
            _lastApplied = now;
        }

        GrainSnapshotOptions options = _snapshots.Options;
        bool due = _pending >= options.EntriesBetween(_snapshots.LastSize(_kind, _id)) || (_pending > 0 && now - _last >= options.Every);
        if (options.Enabled && due && _running is null)
        {
            _running = TakeAsync();
            return;
        }

        WatchForIdle();
    }

    /// <summary>Starts waiting for the grain to go quiet, unless it waits already or nothing is pending. On the grain's turn.</summary>
    private void WatchForIdle()
    {
        GrainSnapshotOptions options = _snapshots.Options;
        if (options.Enabled && options.IdleAfter > TimeSpan.Zero && _pending > 0 && _idleWatch is null)
        {
            _idleWatch = WatchForIdleAsync();
        }
    }

    /// <summary>
    /// Waits until no entry has been applied for <see cref="GrainSnapshotOptions.IdleAfter"/> (and any snapshot being
    /// written is done), then writes one if entries are still pending. Its awaits resume on the grain's turn.
    /// </summary>
    private async Task WatchForIdleAsync()
    {
        try
        {
            await Task.Yield(); // never on the caller's path
            while (true)
            {
                TimeSpan quietFor = _snapshots.Options.IdleAfter;
                TimeSpan quiet = _time.GetUtcNow() - _lastApplied;
                if (quiet < quietFor)
                {
                    await Task.Delay(quietFor - quiet, _time);
                    continue;
                }

                if (_running is { } running)
                {
                    await running; // never throws: TakeAsync logs its failures
                    continue;
                }

                if (_pending > 0 && _snapshots.Options.Enabled)
                {
                    _running = TakeAsync();
                }

                return;
            }
        }
        finally
        {
            _idleWatch = null;
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

        WatchForIdle(); // entries applied while it was written: written in turn once the grain is quiet
    }
}
