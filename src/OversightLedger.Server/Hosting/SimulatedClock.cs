namespace OversightLedger.Server.Hosting;

/// <summary>
/// A wall clock that starts at a chosen instant and from there advances in real time: for drills and tests
/// (<c>Clock:StartAt</c>, see <see cref="ClockSetup"/>) that need the ledger a few seconds before a quarter's end or an
/// exemption's sunset. Only <see cref="GetUtcNow"/> is moved: timestamps, timers and delays are the underlying clock's,
/// so elapsed times and time-outs stay real and the offset from real time never changes.
/// </summary>
internal sealed class SimulatedClock : TimeProvider
{
    private readonly TimeProvider _underlying;
    private readonly long _startedAt;

    /// <summary>A clock that reads <paramref name="startAt"/> now and advances as <paramref name="underlying"/> does.</summary>
    public SimulatedClock(DateTimeOffset startAt, TimeProvider underlying)
    {
        ArgumentNullException.ThrowIfNull(underlying);
        _underlying = underlying;
        _startedAt = underlying.GetTimestamp();
        StartAt = startAt.ToUniversalTime();
        Offset = StartAt - underlying.GetUtcNow();
    }

    /// <summary>The instant the clock read when it was made (UTC).</summary>
    public DateTimeOffset StartAt { get; }

    /// <summary>How far the clock is ahead of the underlying one (behind when negative), fixed when it was made.</summary>
    public TimeSpan Offset { get; }

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => _underlying.LocalTimeZone;

    /// <inheritdoc/>
    public override long TimestampFrequency => _underlying.TimestampFrequency;

    /// <summary><see cref="StartAt"/> plus the real time elapsed since the clock was made.</summary>
    public override DateTimeOffset GetUtcNow() => StartAt + _underlying.GetElapsedTime(_startedAt);

    /// <inheritdoc/>
    public override long GetTimestamp() => _underlying.GetTimestamp();

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _underlying.CreateTimer(callback, state, dueTime, period);
}
