using NBitcoin;
using OversightLedger.Anchoring.Chain;
using OversightLedger.Anchoring.Proofs;
using OversightLedger.Anchoring.Transactions;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Anchoring.Service;

/// <summary>
/// Takes a checkpoint to the required depth in Bitcoin through an <see cref="IAnchorChain"/>: builds the anchor
/// transaction from the wallet's coins (<see cref="BuildAsync"/>), broadcasts it, and on each later look
/// (<see cref="AdvanceAsync"/>) finds whichever version is in the best chain — rebroadcasting when none is (a
/// reorganisation dropped it, or the node forgot it), bumping the fee when it stays out for
/// <see cref="AnchorerSettings.BumpAfterBlocks"/> blocks — and, at the depth, takes the proof from the node. Holds no
/// state: the caller keeps the <see cref="PendingAnchor"/> durably.
/// </summary>
public sealed class CheckpointAnchorer
{
    private readonly IAnchorChain _chain;
    private readonly AnchorTransactionFactory _factory;
    private readonly AnchorerSettings _settings;

    /// <summary>Creates the anchorer for one wallet key.</summary>
    public CheckpointAnchorer(IAnchorChain chain, Key walletKey, AnchorFeePolicy feePolicy, AnchorerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Depth, 1);
        _chain = chain;
        _settings = settings;
        _factory = new AnchorTransactionFactory(chain.Network, walletKey, feePolicy);
    }

    /// <summary>The network anchors go to.</summary>
    public Network Network => _chain.Network;

    /// <summary>The wallet's address (fund it).</summary>
    public BitcoinAddress WalletAddress => _factory.WalletAddress;

    /// <summary>The confirmations an anchor needs.</summary>
    public int Depth => _settings.Depth;

    /// <summary>The wallet's confirmed balance.</summary>
    public async Task<Money> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        (await _chain.ListUnspentAsync(WalletAddress, cancellationToken)).Select(c => c.Amount).Sum();

    /// <summary>
    /// A signed anchor transaction for <paramref name="signedCheckpoint"/> at the node's fee estimate (capped), not yet
    /// broadcast: keep it durably, then <see cref="BroadcastAsync"/>, so that a crash between the two cannot lose it.
    /// </summary>
    /// <exception cref="AnchorFundingException">The wallet holds no coins, or too few for the fee.</exception>
    /// <exception cref="ChainUnavailableException">The node cannot be asked.</exception>
    public async Task<PendingAnchor> BuildAsync(ReadOnlyMemory<byte> signedCheckpoint, Checkpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        IReadOnlyList<Coin> coins = await _chain.ListUnspentAsync(WalletAddress, cancellationToken);
        if (coins.Count == 0)
        {
            throw new AnchorFundingException($"The anchor wallet {WalletAddress} holds no confirmed coins; send some bitcoin to it.");
        }

        decimal rate = await FeeRateAsync(cancellationToken);
        Transaction transaction = _factory.Build(checkpoint, coins, rate);
        int tip = await _chain.GetBlockCountAsync(cancellationToken);
        Coin[] spent = [.. transaction.Inputs.Select(input => coins.First(c => c.Outpoint == input.PrevOut))];
        return new PendingAnchor(signedCheckpoint, [transaction.ToBytes()], spent, tip, tip);
    }

    /// <summary>Broadcasts the newest version of <paramref name="pending"/>; a node that already has it is no error.</summary>
    /// <exception cref="TransactionRejectedException">The node refused it.</exception>
    /// <exception cref="ChainUnavailableException">The node cannot be asked.</exception>
    public async Task BroadcastAsync(PendingAnchor pending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        try
        {
            await _chain.BroadcastAsync(pending.Latest(Network), cancellationToken);
        }
        catch (TransactionRejectedException e) when (e.AlreadyKnown)
        {
            // In the node's mempool or chain already.
        }
    }

    /// <summary>
    /// Looks for the anchor in the best chain: done when a version is <see cref="Depth"/> blocks deep (the proof is
    /// taken then, with the headers from its block to the tip); otherwise waits, rebroadcasts, or bumps the fee.
    /// </summary>
    /// <exception cref="ChainUnavailableException">The node cannot be asked.</exception>
    public async Task<AnchorProgress> AdvanceAsync(PendingAnchor pending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        int tip = await _chain.GetBlockCountAsync(cancellationToken);
        HashSet<uint256> versions = [.. pending.Transactions.Select(t => Transaction.Load(t.ToArray(), Network).GetHash())];

        // A reorganisation may put the anchor below the height it was broadcast at: look a depth lower too.
        for (int height = Math.Max(0, pending.BroadcastHeight - Depth); height <= tip; height++)
        {
            uint256 blockHash = await _chain.GetBlockHashAsync(height, cancellationToken);
            Block block = await _chain.GetBlockAsync(blockHash, cancellationToken);
            if (block.Transactions.FirstOrDefault(t => versions.Contains(t.GetHash())) is not { } found)
            {
                continue;
            }

            uint256 txid = found.GetHash();
            int confirmations = tip - height + 1;
            if (confirmations < Depth)
            {
                // Being mined: a bump is due only once it has stayed out of blocks again for a while.
                return new AnchorProgress(pending with { LastBroadcastHeight = tip }, (txid, blockHash, height), confirmations, null, $"in block {height}, {confirmations} of {Depth} confirmations");
            }

            ConfirmedAnchor confirmed = await ProveAsync(pending, found, blockHash, height, tip, cancellationToken);
            return new AnchorProgress(pending, (txid, blockHash, height), confirmations, confirmed, $"confirmed in block {height} with {confirmations} confirmations");
        }

        if (tip - pending.LastBroadcastHeight >= _settings.BumpAfterBlocks && await TryBumpAsync(pending, tip, cancellationToken) is { } bumped)
        {
            return new AnchorProgress(bumped, null, 0, null, $"in no block for {tip - pending.LastBroadcastHeight} blocks; replaced by {bumped.Latest(Network).GetHash()} paying a higher fee");
        }

        try
        {
            await BroadcastAsync(pending, cancellationToken);
            return new AnchorProgress(pending, null, 0, null, "in no block yet; rebroadcast");
        }
        catch (TransactionRejectedException e)
        {
            return new AnchorProgress(pending, null, 0, null, $"in no block yet; the rebroadcast was refused: {e.Message}");
        }
    }

    private async Task<PendingAnchor?> TryBumpAsync(PendingAnchor pending, int tip, CancellationToken cancellationToken)
    {
        Checkpoint checkpoint = Checkpoint.Parse(NoteText(pending.SignedCheckpoint.Span));
        Transaction replacement;
        try
        {
            replacement = _factory.BumpFee(pending.Latest(Network), pending.SpentCoins, checkpoint, await FeeRateAsync(cancellationToken));
        }
        catch (AnchorFundingException)
        {
            return null;
        }

        PendingAnchor bumped = pending with { Transactions = [.. pending.Transactions, replacement.ToBytes()], LastBroadcastHeight = tip };
        try
        {
            await BroadcastAsync(bumped, cancellationToken);
        }
        catch (TransactionRejectedException)
        {
            return null;
        }

        return bumped;
    }

    private async Task<ConfirmedAnchor> ProveAsync(PendingAnchor pending, Transaction transaction, uint256 blockHash, int height, int tip, CancellationToken cancellationToken)
    {
        uint256 txid = transaction.GetHash();
        byte[] txOutProof = await _chain.GetTxOutProofAsync(txid, blockHash, cancellationToken);
        var headers = new List<ReadOnlyMemory<byte>>(tip - height + 1) { await _chain.GetBlockHeaderAsync(blockHash, cancellationToken) };
        for (int h = height + 1; h <= tip; h++)
        {
            headers.Add(await _chain.GetBlockHeaderAsync(await _chain.GetBlockHashAsync(h, cancellationToken), cancellationToken));
        }

        var proof = new AnchorProof
        {
            SignedCheckpoint = pending.SignedCheckpoint,
            Transaction = transaction.ToBytes(),
            TxOutProof = txOutProof,
            Headers = headers,
        };
        return new ConfirmedAnchor(txid, blockHash, height, proof);
    }

    private async Task<decimal> FeeRateAsync(CancellationToken cancellationToken) =>
        await _chain.EstimateFeeRateAsync(_settings.ConfirmationTarget, cancellationToken) ?? _settings.FallbackFeeRate;

    /// <summary>The note text (the body the commitment hashes) of a signed note: everything up to the blank line.</summary>
    private static string NoteText(ReadOnlySpan<byte> signedNote)
    {
        string note = System.Text.Encoding.UTF8.GetString(signedNote);
        int blank = note.IndexOf("\n\n", StringComparison.Ordinal);
        return blank < 0 ? note : note[..(blank + 1)];
    }
}
