using Microsoft.Extensions.Time.Testing;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>The one fake clock of the report cluster's silos (they run in this process), so a test can move time past a quarter's end.</summary>
public static class TestClock
{
    /// <summary>The clock; it starts on 2026-11-25 at noon UTC.</summary>
    public static FakeTimeProvider Instance { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
}
