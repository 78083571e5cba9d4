namespace OversightLedger.Grains.Anchoring;

/// <summary>The anchor in flight: the checkpoint size, every version of its transaction (fee bumps), and where it stood at the last run.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Anchoring.PendingAnchorView")]
public sealed record PendingAnchorView(
    [property: Id(0)] long CheckpointSize,
    [property: Id(1)] string[] TransactionIds,
    [property: Id(2)] int Confirmations,
    [property: Id(3)] string? BlockHash);
