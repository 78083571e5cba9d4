namespace OversightLedger.Server.Anchoring;

/// <summary>
/// The <c>Anchoring</c> section: anchoring checkpoints in Bitcoin is off until <see cref="RpcUrl"/> is set. See README,
/// "Anchoring in Bitcoin".
/// </summary>
public sealed class AnchoringOptions
{
    /// <summary>main, testnet, signet or regtest.</summary>
    public string Network { get; set; } = "main";

    /// <summary>Bitcoin Core's JSON-RPC URL, e.g. <c>http://127.0.0.1:8332/</c>; anchoring is off while it is empty.</summary>
    public string? RpcUrl { get; set; }

    /// <summary>The RPC user (with <see cref="RpcPassword"/>); leave empty to use <see cref="RpcCookieFile"/>.</summary>
    public string? RpcUser { get; set; }

    /// <summary>The RPC password.</summary>
    public string? RpcPassword { get; set; }

    /// <summary>The node's <c>.cookie</c> file, when no user is given.</summary>
    public string? RpcCookieFile { get; set; }

    /// <summary>The wallet key file (<c>oversight anchor keygen</c>, mode 0600).</summary>
    public string? WalletKeyFile { get; set; }

    /// <summary>The <c>checkpoint-anchor</c> job's schedule (cron, UTC); every 6 hours by default.</summary>
    public string Cron { get; set; } = Jobs.RecurringJobNames.CheckpointAnchorCron;

    /// <summary>Confirmations before an anchor is recorded; 6 by default.</summary>
    public int Depth { get; set; } = 6;

    /// <summary>The highest fee rate an anchor may pay, sat/vB; 20 by default.</summary>
    public decimal MaxFeeRate { get; set; } = 20m;

    /// <summary>The fee rate when the node has no estimate, sat/vB; 2 by default.</summary>
    public decimal FallbackFeeRate { get; set; } = 2m;

    /// <summary>The <c>estimatesmartfee</c> confirmation target, in blocks; 6 by default.</summary>
    public int ConfirmationTarget { get; set; } = 6;

    /// <summary>Blocks an anchor may stay out of every block before its fee is bumped; 3 by default.</summary>
    public int BumpAfterBlocks { get; set; } = 3;
}
