namespace OversightLedger.Server.Hosting;

/// <summary>Warns at start-up that the server runs on a <see cref="SimulatedClock"/>: every entry it logs is stamped with that time.</summary>
internal sealed partial class SimulatedClockNotice(SimulatedClock clock, ILogger<SimulatedClockNotice> logger) : IHostedService
{
    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogSimulatedClock(logger, clock.StartAt, clock.Offset);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Running on a simulated clock (Clock:StartAt): the ledger's time started at {StartAt:O} and advances in real time, {Offset} from the real clock; entries are stamped with it. For drills and tests only")]
    private static partial void LogSimulatedClock(ILogger logger, DateTimeOffset startAt, TimeSpan offset);
}
