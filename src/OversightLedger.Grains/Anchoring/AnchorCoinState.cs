namespace OversightLedger.Grains.Anchoring;

/// <summary>A wallet coin a pending anchor spends: its outpoint and amount (the script is the wallet's).</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Anchoring.AnchorCoinState")]
public sealed record AnchorCoinState(
    [property: Id(0)] string TransactionId,
    [property: Id(1)] uint OutputIndex,
    [property: Id(2)] long Satoshis);
