using NBitcoin;
using OversightLedger.Anchoring.Commitment;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Anchoring.Transactions;

/// <summary>
/// Builds anchor transactions from a P2WPKH wallet: inputs from the wallet's unspent outputs, one
/// <see cref="AnchorCommitment"/> output of zero value, change back to the wallet, a fee rate clamped by the
/// <see cref="AnchorFeePolicy"/>, and opt-in replace-by-fee (BIP 125) signalled in every input's sequence so a
/// transaction that stays unconfirmed can be replaced by one paying more (<see cref="BumpFee"/>).
/// </summary>
public sealed class AnchorTransactionFactory
{
    private readonly Network _network;
    private readonly Key _walletKey;
    private readonly AnchorFeePolicy _feePolicy;

    /// <summary>Creates a factory for one wallet key on one network.</summary>
    public AnchorTransactionFactory(Network network, Key walletKey, AnchorFeePolicy feePolicy)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(walletKey);
        ArgumentNullException.ThrowIfNull(feePolicy);
        _network = network;
        _walletKey = walletKey;
        _feePolicy = feePolicy;
        WalletAddress = walletKey.PubKey.GetAddress(ScriptPubKeyType.Segwit, network);
    }

    /// <summary>The wallet's P2WPKH address: fund it, and change comes back to it.</summary>
    public BitcoinAddress WalletAddress { get; }

    /// <summary>
    /// A signed transaction committing to <paramref name="checkpoint"/>, spending as few of
    /// <paramref name="unspent"/> as cover the fee at the clamped rate.
    /// </summary>
    /// <exception cref="ArgumentException">A coin is not the wallet's P2WPKH output.</exception>
    /// <exception cref="AnchorFundingException">The coins do not cover the fee.</exception>
    public Transaction Build(Checkpoint checkpoint, IEnumerable<Coin> unspent, decimal wantedFeeRateSatoshisPerVByte)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        Coin[] coins = WalletCoins(unspent);
        decimal rate = _feePolicy.Clamp(wantedFeeRateSatoshisPerVByte);
        TransactionBuilder builder = NewBuilder(coins, checkpoint)
            .SetChange(WalletAddress)
            .SendEstimatedFees(new FeeRate(rate));
        return Sign(builder, coins);
    }

    /// <summary>
    /// A replacement for <paramref name="original"/> (BIP 125): the same commitment, spending every coin the
    /// original spends (so the two conflict and only one can confirm), paying a higher fee rate: the wanted rate,
    /// at least the original's rate plus the incremental relay fee, no higher than the cap.
    /// </summary>
    /// <param name="original">The unconfirmed anchor transaction, which signalled replaceability.</param>
    /// <param name="spentCoins">The wallet coins the original spends (others are ignored).</param>
    /// <param name="checkpoint">The checkpoint the original commits to.</param>
    /// <param name="wantedFeeRateSatoshisPerVByte">The fee rate wanted now.</param>
    /// <exception cref="ArgumentException">The original does not signal replaceability, does not commit to the checkpoint, or a spent coin is missing.</exception>
    /// <exception cref="AnchorFundingException">The fee cap or the coins leave no room for a valid replacement.</exception>
    public Transaction BumpFee(Transaction original, IEnumerable<Coin> spentCoins, Checkpoint checkpoint, decimal wantedFeeRateSatoshisPerVByte)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (!original.RBF)
        {
            throw new ArgumentException("The original transaction does not signal replace-by-fee.", nameof(original));
        }

        if (AnchorCommitment.FindOutput(original, checkpoint) is null)
        {
            throw new ArgumentException("The original transaction does not commit to this checkpoint.", nameof(original));
        }

        Dictionary<OutPoint, Coin> byOutPoint = WalletCoins(spentCoins).ToDictionary(c => c.Outpoint);
        Coin[] coins = [.. original.Inputs.Select(input => byOutPoint.TryGetValue(input.PrevOut, out Coin? coin)
            ? coin
            : throw new ArgumentException($"The coin {input.PrevOut} that the original spends is not given.", nameof(spentCoins)))];

        Money originalFee = original.GetFee(coins);
        decimal originalRate = originalFee.Satoshi / (decimal)original.GetVirtualSize();
        decimal rate = _feePolicy.Clamp(Math.Max(wantedFeeRateSatoshisPerVByte, originalRate + AnchorFeePolicy.IncrementalRelayFeeSatoshisPerVByte));
        TransactionBuilder builder = NewBuilder(coins, checkpoint)
            .SendAllRemaining(WalletAddress)
            .SendEstimatedFees(new FeeRate(rate));
        Transaction replacement = Sign(builder, coins);

        // BIP 125 rules 3 and 4: a higher absolute fee, higher by at least the incremental relay fee for the replacement's own size.
        Money fee = replacement.GetFee(coins);
        decimal needed = originalFee.Satoshi + (AnchorFeePolicy.IncrementalRelayFeeSatoshisPerVByte * replacement.GetVirtualSize());
        if (fee.Satoshi < needed)
        {
            throw new AnchorFundingException(
                $"A replacement would pay {fee.Satoshi} sat at {rate} sat/vB; BIP 125 needs at least {needed} sat, which the fee cap of {_feePolicy.MaxFeeRateSatoshisPerVByte} sat/vB does not allow.");
        }

        return replacement;
    }

    private TransactionBuilder NewBuilder(Coin[] coins, Checkpoint checkpoint)
    {
        TransactionBuilder builder = _network.CreateTransactionBuilder();
        builder.DustPrevention = false;
        // The commitment is always output 0 and change output 1, so anchors are easy to read in a block explorer.
        builder.ShuffleOutputs = false;
        builder.SetOptInRBF(true);
        builder.AddCoins(coins);
        builder.AddKeys(_walletKey);
        builder.Send(AnchorCommitment.CreateScript(checkpoint), Money.Zero);
        return builder;
    }

    private static Transaction Sign(TransactionBuilder builder, Coin[] coins)
    {
        Transaction transaction;
        try
        {
            transaction = builder.BuildTransaction(sign: true);
        }
        catch (Exception e) when (e is NotEnoughFundsException or OutputTooSmallException)
        {
            Money available = coins.Select(c => c.Amount).Sum();
            throw new AnchorFundingException($"The wallet's {coins.Length} coins ({available.Satoshi} sat) do not cover the anchor's fee: {e.Message}", e);
        }

        if (!builder.Verify(transaction, out NBitcoin.Policy.TransactionPolicyError[] errors))
        {
            throw new AnchorFundingException("The anchor transaction does not pass policy: " + string.Join("; ", errors.Select(e => e.ToString())));
        }

        return transaction;
    }

    private Coin[] WalletCoins(IEnumerable<Coin> coins)
    {
        ArgumentNullException.ThrowIfNull(coins);
        Script wallet = WalletAddress.ScriptPubKey;
        Coin[] all = [.. coins];
        foreach (Coin coin in all)
        {
            if (coin.ScriptPubKey != wallet)
            {
                throw new ArgumentException($"The coin {coin.Outpoint} does not pay the wallet's P2WPKH address {WalletAddress}.", nameof(coins));
            }
        }

        return all;
    }
}
