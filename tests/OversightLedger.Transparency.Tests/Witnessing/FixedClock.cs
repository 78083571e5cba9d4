namespace OversightLedger.Transparency.Tests.Witnessing;

/// <summary>A clock that says whatever time the test set last.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public static FixedClock AtUnixSeconds(long seconds) => new(DateTimeOffset.FromUnixTimeSeconds(seconds));

    public override DateTimeOffset GetUtcNow() => Now;
}
