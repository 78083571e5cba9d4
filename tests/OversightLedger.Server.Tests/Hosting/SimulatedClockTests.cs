using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using OversightLedger.Server.Hosting;

namespace OversightLedger.Server.Tests.Hosting;

/// <summary>
/// <c>Clock:StartAt</c>: the server's clock starts at the instant the setting names and advances as the real clock does;
/// only the wall-clock time is moved (timestamps and timers are the real clock's); unset, the clock is the system's.
/// </summary>
public sealed class SimulatedClockTests
{
    private static readonly DateTimeOffset QuarterEnd = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void It_starts_at_the_instant_and_advances_as_the_underlying_clock_does()
    {
        var real = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        var clock = new SimulatedClock(QuarterEnd.AddSeconds(-20), real);

        Assert.Equal(QuarterEnd.AddSeconds(-20), clock.GetUtcNow());
        Assert.Equal(QuarterEnd.AddSeconds(-20) - real.GetUtcNow(), clock.Offset);
        real.Advance(TimeSpan.FromSeconds(19.5));
        Assert.Equal(QuarterEnd.AddSeconds(-0.5), clock.GetUtcNow());
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(QuarterEnd.AddSeconds(0.5), clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, clock.GetUtcNow().Offset);
    }

    [Fact]
    public void Timestamps_and_timers_are_the_underlying_clocks()
    {
        var real = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        var clock = new SimulatedClock(QuarterEnd, real);
        long start = clock.GetTimestamp();
        int fired = 0;
        using ITimer timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        real.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, Volatile.Read(ref fired));
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, Volatile.Read(ref fired));
        Assert.Equal(real.TimestampFrequency, clock.TimestampFrequency);
        Assert.Equal(real.GetTimestamp(), clock.GetTimestamp());
        Assert.Equal(TimeSpan.FromSeconds(5), clock.GetElapsedTime(start));
    }

    [Fact]
    public async Task Over_the_system_clock_it_moves_in_real_time()
    {
        var clock = new SimulatedClock(QuarterEnd.AddSeconds(-20), TimeProvider.System);
        DateTimeOffset first = clock.GetUtcNow();
        await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        DateTimeOffset second = clock.GetUtcNow();

        Assert.InRange(first, QuarterEnd.AddSeconds(-20), QuarterEnd.AddSeconds(-10));
        Assert.InRange(second - first, TimeSpan.FromMilliseconds(190), TimeSpan.FromSeconds(10));
        Assert.InRange(clock.Offset, QuarterEnd.AddSeconds(-21) - DateTimeOffset.UtcNow, QuarterEnd.AddSeconds(-19) - DateTimeOffset.UtcNow);
    }

    [Theory]
    [InlineData("2026-09-30T23:59:40Z", "2026-09-30T23:59:40Z")]
    [InlineData("2026-09-30T23:59:40.250Z", "2026-09-30T23:59:40.250Z")]
    [InlineData("2026-10-01T01:59:40+02:00", "2026-09-30T23:59:40Z")]
    [InlineData(" 2026-09-30T23:59:40 ", "2026-09-30T23:59:40Z")]
    [InlineData("2026-09-30T23:59Z", "2026-09-30T23:59:00Z")]
    public void The_setting_is_an_ISO_8601_instant_and_UTC_when_it_has_no_offset(string setting, string expected)
    {
        var real = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        TimeProvider clock = ClockSetup.FromConfiguration(Configuration(setting), real);

        SimulatedClock simulated = Assert.IsType<SimulatedClock>(clock);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), simulated.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, simulated.StartAt.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Unset_the_clock_is_the_system_one(string? setting)
    {
        Assert.Same(TimeProvider.System, ClockSetup.FromConfiguration(Configuration(setting), TimeProvider.System));
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("30/09/2026 23:59:40")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("1727740780")]
    public void Anything_else_stops_the_server_naming_the_setting(string setting)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ClockSetup.FromConfiguration(Configuration(setting), TimeProvider.System));
        Assert.Contains(ClockSetup.StartAtSetting, refused.Message, StringComparison.Ordinal);
        Assert.Contains(setting, refused.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string? startAt) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ClockSetup.StartAtSetting] = startAt }).Build();
}
