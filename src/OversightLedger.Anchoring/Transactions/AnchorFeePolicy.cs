namespace OversightLedger.Anchoring.Transactions;

/// <summary>
/// How much an anchor may pay: a fee rate asked for (from <c>estimatesmartfee</c>, say) is clamped to
/// <see cref="MaxFeeRateSatoshisPerVByte"/>, so a fee spike cannot drain the wallet.
/// </summary>
/// <param name="MaxFeeRateSatoshisPerVByte">The highest fee rate, in satoshis per virtual byte, an anchor or its replacement may pay.</param>
public sealed record AnchorFeePolicy(decimal MaxFeeRateSatoshisPerVByte)
{
    /// <summary>BIP 125's incremental relay fee: a replacement pays at least this much more per virtual byte.</summary>
    public const decimal IncrementalRelayFeeSatoshisPerVByte = 1m;

    /// <summary>The fee rate to use for a wanted one: the wanted rate, no higher than the cap, no lower than 1 sat/vB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The wanted rate is not positive.</exception>
    public decimal Clamp(decimal wantedSatoshisPerVByte)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wantedSatoshisPerVByte);
        return Math.Max(1m, Math.Min(wantedSatoshisPerVByte, MaxFeeRateSatoshisPerVByte));
    }
}
