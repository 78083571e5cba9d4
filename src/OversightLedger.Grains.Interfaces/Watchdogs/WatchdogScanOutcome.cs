namespace OversightLedger.Grains.Watchdogs;

/// <summary>What one scan did: the leaf it read up to (exclusive) and the findings it raised.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Watchdogs.WatchdogScanOutcome")]
public sealed record WatchdogScanOutcome(
    [property: Id(0)] ulong ScannedTo,
    [property: Id(1)] string[] RaisedFindings);
