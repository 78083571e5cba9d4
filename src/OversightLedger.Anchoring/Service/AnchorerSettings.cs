namespace OversightLedger.Anchoring.Service;

/// <summary>How the anchorer behaves.</summary>
public sealed record AnchorerSettings
{
    /// <summary>Confirmations (the anchor's block included) before an anchor is final; 6 by default.</summary>
    public int Depth { get; init; } = 6;

    /// <summary>The confirmation target passed to <c>estimatesmartfee</c>; 6 blocks by default.</summary>
    public int ConfirmationTarget { get; init; } = 6;

    /// <summary>The fee rate (sat/vB) used when the node has no estimate (a new node, regtest).</summary>
    public decimal FallbackFeeRate { get; init; } = 2m;

    /// <summary>How many blocks an anchor may stay out of every block before it is replaced with a higher fee; 3 by default.</summary>
    public int BumpAfterBlocks { get; init; } = 3;
}
