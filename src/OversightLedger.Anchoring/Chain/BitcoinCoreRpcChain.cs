using System.Net;
using NBitcoin;
using NBitcoin.RPC;
using Newtonsoft.Json.Linq;

namespace OversightLedger.Anchoring.Chain;

/// <summary>
/// <see cref="IAnchorChain"/> over Bitcoin Core's JSON-RPC with NBitcoin's <see cref="RPCClient"/>. Needs no wallet
/// on the node and no <c>-txindex</c>: coins are found with <c>scantxoutset</c>, the anchor in the blocks themselves.
/// </summary>
public sealed class BitcoinCoreRpcChain : IAnchorChain
{
    private readonly RPCClient _rpc;

    /// <summary>Creates the client; nothing is sent until a method is called.</summary>
    /// <exception cref="ArgumentException">The network is unknown, or neither a user and password nor a cookie file is given.</exception>
    public BitcoinCoreRpcChain(BitcoinRpcConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Network = AnchorNetworks.Get(connection.Network);
        RPCCredentialString credentials;
        if (!string.IsNullOrEmpty(connection.User))
        {
            credentials = new RPCCredentialString { UserPassword = new NetworkCredential(connection.User, connection.Password ?? "") };
        }
        else if (!string.IsNullOrEmpty(connection.CookieFile))
        {
            credentials = new RPCCredentialString { CookieFile = connection.CookieFile };
        }
        else
        {
            throw new ArgumentException("Give the node's RPC user and password, or its cookie file.", nameof(connection));
        }

        _rpc = new RPCClient(credentials, connection.Url, Network);
    }

    /// <inheritdoc/>
    public Network Network { get; }

    /// <inheritdoc/>
    public async Task<int> GetBlockCountAsync(CancellationToken cancellationToken = default) =>
        (int)(await CallAsync("getblockcount", cancellationToken)).Value<long>();

    /// <inheritdoc/>
    public async Task<uint256> GetBlockHashAsync(int height, CancellationToken cancellationToken = default) =>
        Hash(await CallAsync("getblockhash", cancellationToken, height));

    /// <inheritdoc/>
    public async Task<Block> GetBlockAsync(uint256 blockHash, CancellationToken cancellationToken = default) =>
        Parse(await CallAsync("getblock", cancellationToken, blockHash.ToString(), 0), bytes => Block.Load(bytes, Network));

    /// <inheritdoc/>
    public async Task<byte[]> GetBlockHeaderAsync(uint256 blockHash, CancellationToken cancellationToken = default)
    {
        byte[] header = Bytes(await CallAsync("getblockheader", cancellationToken, blockHash.ToString(), false));
        return header.Length == 80 ? header : throw new ChainUnavailableException($"The node's header of block {blockHash} is {header.Length} bytes, not 80.");
    }

    /// <inheritdoc/>
    public async Task<byte[]> GetTxOutProofAsync(uint256 txid, uint256 blockHash, CancellationToken cancellationToken = default) =>
        Bytes(await CallAsync("gettxoutproof", cancellationToken, new[] { txid.ToString() }, blockHash.ToString()));

    /// <inheritdoc/>
    public async Task<decimal?> EstimateFeeRateAsync(int target, CancellationToken cancellationToken = default)
    {
        // feerate is in BTC per 1000 virtual bytes; absent (with "errors") when the node has too little data.
        JToken result = await CallAsync("estimatesmartfee", cancellationToken, target);
        return result["feerate"] is { Type: JTokenType.Float or JTokenType.Integer } rate && rate.Value<decimal>() > 0
            ? rate.Value<decimal>() * Money.COIN / 1000m
            : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Coin>> ListUnspentAsync(BitcoinAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        JToken result = await CallAsync("scantxoutset", cancellationToken, "start", new[] { $"addr({address})" });
        if (result["success"]?.Value<bool>() != true || result["unspents"] is not JArray unspents)
        {
            throw new ChainUnavailableException("The node's scantxoutset did not succeed.");
        }

        var coins = new List<Coin>(unspents.Count);
        foreach (JToken unspent in unspents)
        {
            uint256 txid = uint256.Parse(unspent.Value<string>("txid"));
            uint vout = unspent.Value<uint>("vout");
            Money amount = Money.Coins(unspent.Value<decimal>("amount"));
            coins.Add(new Coin(new OutPoint(txid, vout), new TxOut(amount, address.ScriptPubKey)));
        }

        return coins;
    }

    /// <inheritdoc/>
    public async Task BroadcastAsync(Transaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        try
        {
            await _rpc.SendCommandAsync(new RPCRequest("sendrawtransaction", [transaction.ToHex()]), cancellationToken);
        }
        catch (RPCException e) when (e.RPCCode is RPCErrorCode.RPC_VERIFY_REJECTED or RPCErrorCode.RPC_VERIFY_ERROR
            or RPCErrorCode.RPC_VERIFY_ALREADY_IN_CHAIN or RPCErrorCode.RPC_TRANSACTION_ALREADY_IN_CHAIN or RPCErrorCode.RPC_DESERIALIZATION_ERROR)
        {
            bool known = e.RPCCode is RPCErrorCode.RPC_VERIFY_ALREADY_IN_CHAIN or RPCErrorCode.RPC_TRANSACTION_ALREADY_IN_CHAIN
                || e.Message.Contains("already", StringComparison.OrdinalIgnoreCase);
            throw new TransactionRejectedException($"The node refused transaction {transaction.GetHash()}: {e.Message}", e) { AlreadyKnown = known };
        }
        catch (Exception e) when (Unavailable(e))
        {
            throw new ChainUnavailableException($"sendrawtransaction failed: {e.Message}", e);
        }
    }

    private async Task<JToken> CallAsync(string method, CancellationToken cancellationToken, params object[] parameters)
    {
        try
        {
            RPCResponse response = await _rpc.SendCommandAsync(new RPCRequest(method, parameters), cancellationToken);
            return response.Result ?? throw new ChainUnavailableException($"The node answered {method} with no result.");
        }
        catch (Exception e) when (Unavailable(e))
        {
            throw new ChainUnavailableException($"{method} failed: {e.Message}", e);
        }
    }

    private static bool Unavailable(Exception e) =>
        e is RPCException or HttpRequestException or IOException or TaskCanceledException or Newtonsoft.Json.JsonException or FormatException or InvalidOperationException;

    private static uint256 Hash(JToken token) =>
        uint256.TryParse(token.Value<string>(), out uint256? hash) ? hash : throw new ChainUnavailableException($"The node answered '{token}', not a hash.");

    private static byte[] Bytes(JToken token)
    {
        try
        {
            return Convert.FromHexString(token.Value<string>() ?? "");
        }
        catch (FormatException e)
        {
            throw new ChainUnavailableException("The node answered something that is not hex.", e);
        }
    }

    private static T Parse<T>(JToken token, Func<byte[], T> parse)
    {
        byte[] bytes = Bytes(token);
        try
        {
            return parse(bytes);
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or ArgumentException)
        {
            throw new ChainUnavailableException($"The node answered {bytes.Length} bytes that do not parse: {e.Message}", e);
        }
    }

}
