using System.Globalization;

namespace OversightLedger.Server.Hosting;

/// <summary>
/// The server's clock: the one <see cref="TimeProvider"/> the grains, the jobs and the report pages take. It is the
/// system's, unless <c>Clock:StartAt</c> names an ISO-8601 instant (e.g. <c>2026-09-30T23:59:40Z</c>): then it is a
/// <see cref="SimulatedClock"/> that starts at that instant when the server starts and advances in real time, so a
/// drill or a test can cross a quarter's end or a sunset without waiting for it. A warning says so at start-up.
/// Orleans' own runtime (membership, activation collection, grain timers) and Hangfire's schedules keep real time.
/// </summary>
internal static class ClockSetup
{
    /// <summary>The setting that starts the server's clock at another instant than now.</summary>
    public const string StartAtSetting = "Clock:StartAt";

    private static readonly string[] Iso8601Instants = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK"];

    /// <summary>Registers the server's clock (see <see cref="ClockSetup"/>) and returns it, for the silo's ledger services.</summary>
    public static TimeProvider AddServerClock(this WebApplicationBuilder builder)
    {
        TimeProvider clock = FromConfiguration(builder.Configuration, TimeProvider.System);
        if (clock is SimulatedClock simulated)
        {
            // Orleans resolves its runtime's clocks by key ("Orleans.Membership", "Orleans.Grains", …) and falls back to
            // the unkeyed one, the ledger's: keep them real, so that membership and time-outs never see the shift.
            builder.Services.AddKeyedSingleton(KeyedService.AnyKey, TimeProvider.System);
            builder.Services.AddSingleton(simulated);
            builder.Services.AddHostedService<SimulatedClockNotice>();
        }

        return clock;
    }

    /// <summary>
    /// <paramref name="system"/> when <c>Clock:StartAt</c> is unset, else a <see cref="SimulatedClock"/> starting at that
    /// instant over <paramref name="system"/> (an instant without an offset is UTC).
    /// </summary>
    /// <exception cref="InvalidOperationException">The setting is not an ISO-8601 instant.</exception>
    public static TimeProvider FromConfiguration(IConfiguration configuration, TimeProvider system)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? startAt = configuration[StartAtSetting];
        if (string.IsNullOrWhiteSpace(startAt))
        {
            return system;
        }

        if (!DateTimeOffset.TryParseExact(startAt.Trim(), Iso8601Instants, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset instant))
        {
            throw new InvalidOperationException(
                $"{StartAtSetting} is '{startAt}', not an ISO-8601 instant such as 2026-09-30T23:59:40Z (OVERSIGHT_Clock__StartAt, --Clock:StartAt).");
        }

        return new SimulatedClock(instant, system);
    }
}
