namespace OversightLedger.Grains.Snapshots;

/// <summary>
/// When one owner of state (a grain, or the sequencer's index) writes its next snapshot, on the rules of
/// <see cref="GrainSnapshotOptions"/>: it counts the entries taken since the last snapshot and starts the owner's write in
/// the background, one at a time and never on the caller's path, once the owner's count is pending, once
/// <see cref="GrainSnapshotOptions.Every"/> has passed with at least one, or (for an owner that writes when it goes quiet)
/// once none has been taken for <see cref="GrainSnapshotOptions.IdleAfter"/>. A failed write is not retried at once: its
/// count is dropped and the time starts again.
/// </summary>
/// <remarks>
/// Not thread-safe: every call, and every await of its own, runs on the owner's turn (an Orleans activation's scheduler),
/// so a write is started between two of the owner's turns and sees one consistent state.
/// </remarks>
internal sealed class SnapshotPacing
{
    private readonly GrainSnapshotOptions _options;
    private readonly Func<long> _entriesDue;
    private readonly bool _writesWhenIdle;
    private readonly Func<Task<bool>> _write;
    private readonly Action<Exception> _failed;
    private readonly TimeProvider _time;
    private long _pending;
    private DateTimeOffset _last;
    private DateTimeOffset _lastCounted;
    private Task? _running;
    private Task? _idleWatch;

    /// <summary>
    /// Paces the snapshots of one owner.
    /// </summary>
    /// <param name="options">The rules, read at each decision (<see cref="GrainSnapshotOptions.Enabled"/> off: none is written).</param>
    /// <param name="entriesDue">How many pending entries make a snapshot due (asked at each count: it may follow the last snapshot's size).</param>
    /// <param name="writesWhenIdle">Whether a snapshot is also written once the owner has been quiet for <see cref="GrainSnapshotOptions.IdleAfter"/>.</param>
    /// <param name="pending">Entries already taken toward the next snapshot (those an activation replayed); with <paramref name="writesWhenIdle"/>
    /// they are written once the owner stays quiet, never at once (the activation's first request comes first).</param>
    /// <param name="write">Writes one snapshot, on the owner's turn: true once written, false when there was nothing to write (the pending
    /// count is then dropped). Its exceptions are handed to <paramref name="failed"/>.</param>
    /// <param name="failed">Logs a failed write.</param>
    /// <param name="time">The clock.</param>
    public SnapshotPacing(
        GrainSnapshotOptions options, Func<long> entriesDue, bool writesWhenIdle, long pending, Func<Task<bool>> write, Action<Exception> failed, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _entriesDue = entriesDue;
        _writesWhenIdle = writesWhenIdle;
        _pending = pending;
        _write = write;
        _failed = failed;
        _time = time;
        _last = time.GetUtcNow();
        _lastCounted = _last;
        WatchForIdle();
    }

    /// <summary>The snapshot being written, or null. Never fails: a failure is handed to the owner's log.</summary>
    public Task? Running => _running;

    /// <summary>Counts <paramref name="count"/> entries taken; starts a snapshot when one is due. On the owner's turn.</summary>
    public void Counted(long count)
    {
        DateTimeOffset now = _time.GetUtcNow();
        _pending += count;
        if (count > 0)
        {
            _lastCounted = now;
        }

        bool due = _pending >= _entriesDue() || (_pending > 0 && now - _last >= _options.Every);
        if (_options.Enabled && due && _running is null)
        {
            _running = WriteAsync();
            return;
        }

        WatchForIdle();
    }

    /// <summary>Starts waiting for the owner to go quiet, unless it waits already, nothing is pending, or it does not write when idle.</summary>
    private void WatchForIdle()
    {
        if (_writesWhenIdle && _options.Enabled && _options.IdleAfter > TimeSpan.Zero && _pending > 0 && _idleWatch is null)
        {
            _idleWatch = WatchForIdleAsync();
        }
    }

    /// <summary>
    /// Waits until no entry has been counted for <see cref="GrainSnapshotOptions.IdleAfter"/> (and any snapshot being
    /// written is done), then writes one if entries are still pending. Its awaits resume on the owner's turn.
    /// </summary>
    private async Task WatchForIdleAsync()
    {
        try
        {
            await Task.Yield(); // never on the caller's path
            while (true)
            {
                TimeSpan quietFor = _options.IdleAfter;
                TimeSpan quiet = _time.GetUtcNow() - _lastCounted;
                if (quiet < quietFor)
                {
                    await Task.Delay(quietFor - quiet, _time);
                    continue;
                }

                if (_running is { } running)
                {
                    await running; // never throws: WriteAsync hands its failures on
                    continue;
                }

                if (_pending > 0 && _options.Enabled)
                {
                    _running = WriteAsync();
                }

                return;
            }
        }
        finally
        {
            _idleWatch = null;
        }
    }

    private async Task WriteAsync()
    {
        long counted = _pending;
        try
        {
            await Task.Yield(); // out of the caller's turn: a snapshot is never on a request's path
            if (!await _write())
            {
                _pending = 0;
                return;
            }

            _pending -= counted;
            _last = _time.GetUtcNow();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _failed(e);
            _last = _time.GetUtcNow(); // not again at once: wait for the count or the time to come round
            _pending = 0;
        }
        finally
        {
            _running = null;
        }

        WatchForIdle(); // entries counted while it was written: written in turn once the owner is quiet
    }
}
