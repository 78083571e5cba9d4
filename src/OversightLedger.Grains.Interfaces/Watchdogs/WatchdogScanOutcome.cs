namespace OversightLedger.Grains.Watchdogs;

/// <summary>
/// What one scan did: the leaf it read up to (exclusive), the findings it raised, the size of the checkpoint its witness
/// cosigned (null when it did not), and why the witness refused to cosign, if it did (a fork or an inconsistent log: an alarm).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Watchdogs.WatchdogScanOutcome")]
public sealed record WatchdogScanOutcome(
    [property: Id(0)] ulong ScannedTo,
    [property: Id(1)] string[] RaisedFindings,
    [property: Id(2)] ulong? CosignedSize,
    [property: Id(3)] string? WitnessFailure);
