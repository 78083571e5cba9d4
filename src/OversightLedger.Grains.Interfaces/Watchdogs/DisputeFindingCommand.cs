namespace OversightLedger.Grains.Watchdogs;

/// <summary>An agency's dispute of a finding, with its response.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Watchdogs.DisputeFindingCommand")]
public sealed record DisputeFindingCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Finding,
    [property: Id(2)] string Response);
