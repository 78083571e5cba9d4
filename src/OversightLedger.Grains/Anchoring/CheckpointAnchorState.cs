namespace OversightLedger.Grains.Anchoring;

/// <summary>
/// The anchoring grain's durable state: the pending anchor (written before its transaction is broadcast, so a crash can
/// only lead to a rebroadcast, never to a second anchor), the last recorded anchor, the wallet's balance as last seen,
/// and the last run. Everything in it is public on the chain or in the log; no key.
/// </summary>
[GenerateSerializer]
[Alias("OversightLedger.Grains.Anchoring.CheckpointAnchorState")]
public sealed class CheckpointAnchorState
{
    /// <summary>The pending anchor's signed checkpoint note, or null when none is pending.</summary>
    [Id(0)]
    public byte[]? PendingCheckpoint { get; set; }

    /// <summary>Every version of the pending anchor's transaction, oldest first.</summary>
    [Id(1)]
    public List<byte[]> PendingTransactions { get; set; } = [];

    /// <summary>The wallet coins the pending anchor spends.</summary>
    [Id(2)]
    public List<AnchorCoinState> PendingCoins { get; set; } = [];

    /// <summary>The tip height when the pending anchor was first made.</summary>
    [Id(3)]
    public int PendingBroadcastHeight { get; set; }

    /// <summary>The tip height when its newest version was made, or it was last seen in a block.</summary>
    [Id(4)]
    public int PendingLastBroadcastHeight { get; set; }

    /// <summary>Its confirmations at the last run.</summary>
    [Id(5)]
    public int PendingConfirmations { get; set; }

    /// <summary>The block it was in at the last run, or null.</summary>
    [Id(6)]
    public string? PendingBlockHash { get; set; }

    /// <summary>The last recorded anchor.</summary>
    [Id(7)]
    public AnchorRecord? LastAnchor { get; set; }

    /// <summary>The wallet's confirmed balance at the last run, in satoshis.</summary>
    [Id(8)]
    public long? WalletBalanceSatoshis { get; set; }

    /// <summary>When the balance was read.</summary>
    [Id(9)]
    public DateTimeOffset? WalletBalanceAt { get; set; }

    /// <summary>The last run's outcome.</summary>
    [Id(10)]
    public AnchorRun? LastRun { get; set; }
}
