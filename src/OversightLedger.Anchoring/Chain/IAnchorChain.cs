using NBitcoin;

namespace OversightLedger.Anchoring.Chain;

/// <summary>
/// What the anchorer asks of a Bitcoin node (the port; <see cref="BitcoinCoreRpcChain"/> is Bitcoin Core's JSON-RPC).
/// Every method throws <see cref="ChainUnavailableException"/> when the node cannot be reached or answers with an error
/// other than those the method names.
/// </summary>
public interface IAnchorChain
{
    /// <summary>The network the node is on.</summary>
    Network Network { get; }

    /// <summary>The height of the node's best chain tip (<c>getblockcount</c>).</summary>
    Task<int> GetBlockCountAsync(CancellationToken cancellationToken = default);

    /// <summary>The hash of the block at <paramref name="height"/> in the best chain (<c>getblockhash</c>).</summary>
    Task<uint256> GetBlockHashAsync(int height, CancellationToken cancellationToken = default);

    /// <summary>The whole block (<c>getblock HASH 0</c>).</summary>
    Task<Block> GetBlockAsync(uint256 blockHash, CancellationToken cancellationToken = default);

    /// <summary>The block's 80-byte header (<c>getblockheader HASH false</c>).</summary>
    Task<byte[]> GetBlockHeaderAsync(uint256 blockHash, CancellationToken cancellationToken = default);

    /// <summary>The serialised merkle block proving <paramref name="txid"/> in the block (<c>gettxoutproof [TXID] HASH</c>).</summary>
    Task<byte[]> GetTxOutProofAsync(uint256 txid, uint256 blockHash, CancellationToken cancellationToken = default);

    /// <summary>The node's fee-rate estimate for confirmation within <paramref name="target"/> blocks, in sat/vB; null when it has none (<c>estimatesmartfee</c>).</summary>
    Task<decimal?> EstimateFeeRateAsync(int target, CancellationToken cancellationToken = default);

    /// <summary>The confirmed unspent outputs paying <paramref name="address"/> (<c>scantxoutset start ["addr(…)"]</c>).</summary>
    Task<IReadOnlyList<Coin>> ListUnspentAsync(BitcoinAddress address, CancellationToken cancellationToken = default);

    /// <summary>Hands the transaction to the node for relay (<c>sendrawtransaction</c>).</summary>
    /// <exception cref="TransactionRejectedException">The node refused it; the message says why.</exception>
    Task BroadcastAsync(Transaction transaction, CancellationToken cancellationToken = default);
}
