namespace OversightLedger.Grains.Watchdogs;

/// <summary>The watchdog's resolution of a finding: <c>dismissed</c> or <c>confirmed</c>, with the corrective action or the reason.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Watchdogs.ResolveFindingCommand")]
public sealed record ResolveFindingCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Finding,
    [property: Id(2)] string Outcome,
    [property: Id(3)] string Action);
