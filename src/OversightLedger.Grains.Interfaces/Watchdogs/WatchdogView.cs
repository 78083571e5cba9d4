namespace OversightLedger.Grains.Watchdogs;

/// <summary>
/// A watchdog as the API shows it: who owns it, what it oversees, how far it has read the log and its findings by state.
/// The witness name reserved for its owner is its id.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Watchdogs.WatchdogView")]
public sealed record WatchdogView(
    [property: Id(0)] string Watchdog,
    [property: Id(1)] string Name,
    [property: Id(2)] string Owner,
    [property: Id(3)] string[] Budgets,
    [property: Id(4)] string[] Programs,
    [property: Id(5)] ulong NextLeafIndex,
    [property: Id(6)] int FindingsRaised,
    [property: Id(7)] int FindingsOpen);
