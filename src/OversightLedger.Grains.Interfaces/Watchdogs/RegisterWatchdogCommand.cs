namespace OversightLedger.Grains.Watchdogs;

/// <summary>What a watchdog oversees: budgets and programs (both empty: the whole log).</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Watchdogs.RegisterWatchdogCommand")]
public sealed record RegisterWatchdogCommand(
    [property: Id(0)] string Name,
    [property: Id(1)] string[] Budgets,
    [property: Id(2)] string[] Programs);
