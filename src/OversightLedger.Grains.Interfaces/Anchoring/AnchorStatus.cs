namespace OversightLedger.Grains.Anchoring;

/// <summary>Where anchoring stands: off, or the network, wallet, its balance as of the last run, the last anchor, the pending one, the last run.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Anchoring.AnchorStatus")]
public sealed record AnchorStatus(
    [property: Id(0)] bool Enabled,
    [property: Id(1)] string? Network,
    [property: Id(2)] string? WalletAddress,
    [property: Id(3)] long? WalletBalanceSatoshis,
    [property: Id(4)] DateTimeOffset? WalletBalanceAt,
    [property: Id(5)] int? Depth,
    [property: Id(6)] AnchorRecord? LastAnchor,
    [property: Id(7)] PendingAnchorView? Pending,
    [property: Id(8)] AnchorRun? LastRun);
