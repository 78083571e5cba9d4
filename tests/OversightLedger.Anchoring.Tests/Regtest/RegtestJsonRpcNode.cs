using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NBitcoin;

namespace OversightLedger.Anchoring.Tests.Regtest;

/// <summary>
/// A regtest Bitcoin node in the test process, served over HTTP as the subset of Bitcoin Core's JSON-RPC that the
/// anchorer uses (<c>getblockcount</c>, <c>getblockhash</c>, <c>getblock</c>, <c>getblockheader</c>,
/// <c>gettxoutproof</c>, <c>estimatesmartfee</c>, <c>scantxoutset</c>, <c>sendrawtransaction</c>), with HTTP basic
/// authentication, Bitcoin Core's error codes, and JSON-RPC 1.0 errors as HTTP 500. The chain is a
/// <see cref="RegtestChain"/> (real blocks mined at regtest difficulty); <c>sendrawtransaction</c> checks inputs
/// against the best chain's unspent outputs and the mempool, coinbase maturity, every input's script with NBitcoin's
/// script verification, the minimum relay fee and BIP 125 replacement. The test drives mining, funding and
/// reorganisations directly.
/// </summary>
internal sealed class RegtestJsonRpcNode : IDisposable
{
    private const int CoinbaseMaturity = 100;

    private readonly Lock _lock = new();
    private readonly RegtestChain _chain = new();
    private readonly List<Transaction> _mempool = [];
    private readonly Key _minerKey = new();
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private readonly string _authorization;
    private bool _disposed;

    public RegtestJsonRpcNode(string user = "anchor", string password = "regtest-password")
    {
        User = user;
        Password = password;
        _authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        MinerAddress = _minerKey.PubKey.GetAddress(ScriptPubKeyType.Segwit, Network);
        _chain.MineEmpty(MinerAddress, CoinbaseMaturity + 20);

        int port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public static Network Network => RegtestChain.Network;

    public Uri Url { get; }

    public string User { get; }

    public string Password { get; }

    public BitcoinAddress MinerAddress { get; }

    /// <summary>What <c>estimatesmartfee</c> answers, in sat/vB; null answers "insufficient data" as a new node does.</summary>
    public decimal? FeeEstimate { get; set; } = 3m;

    /// <summary>The least fee rate (sat/vB) <c>sendrawtransaction</c> accepts.</summary>
    public decimal MinRelayFeeRate { get; set; } = 1m;

    /// <summary>How many RPC calls were answered, by method.</summary>
    public IReadOnlyDictionary<string, int> Calls
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, int>(_calls);
            }
        }
    }

    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);

    public int Height
    {
        get
        {
            lock (_lock)
            {
                return _chain.Blocks.Count - 1;
            }
        }
    }

    public Block BlockAt(int height)
    {
        lock (_lock)
        {
            return _chain.Blocks[height];
        }
    }

    public IReadOnlyList<Transaction> Mempool
    {
        get
        {
            lock (_lock)
            {
                return [.. _mempool];
            }
        }
    }

    /// <summary>The height of the best-chain block holding <paramref name="txid"/>, or null.</summary>
    public int? HeightOf(uint256 txid)
    {
        lock (_lock)
        {
            int height = _chain.HeightOf(txid);
            return height < 0 ? null : height;
        }
    }

    /// <summary>Mines <paramref name="count"/> blocks; the first takes the whole mempool.</summary>
    public void Mine(int count = 1)
    {
        lock (_lock)
        {
            for (int i = 0; i < count; i++)
            {
                Transaction[] take = [.. _mempool];
                _mempool.Clear();
                _chain.Mine(MinerAddress, take);
            }
        }
    }

    /// <summary>Pays <paramref name="amount"/> to <paramref name="address"/> from a mature coinbase, in a mined block; returns the funding transaction.</summary>
    public Transaction Fund(BitcoinAddress address, Money amount)
    {
        lock (_lock)
        {
            Coin coinbase = Unspent(MinerAddress.ScriptPubKey).First(u => u.Coinbase && _chain.Blocks.Count - 1 - u.Height >= CoinbaseMaturity && !SpentInMempool(u.Coin.Outpoint)).Coin;
            TransactionBuilder builder = Network.CreateTransactionBuilder();
            builder.DustPrevention = false;
            Transaction funding = builder.AddCoins(coinbase).AddKeys(_minerKey).Send(address, amount).SetChange(MinerAddress)
                .SendEstimatedFees(new FeeRate(Money.Satoshis(2000))).BuildTransaction(sign: true);
            Accept(funding);
            _chain.Mine(MinerAddress, [.. _mempool]);
            _mempool.Clear();
            return funding;
        }
    }

    /// <summary>
    /// A reorganisation: the best chain's top <paramref name="depth"/> blocks are replaced by <paramref name="newBlocks"/>
    /// other (empty) ones. Their transactions go back to the mempool when <paramref name="returnToMempool"/>, as Bitcoin
    /// Core does, or are lost (a node that restarted in between, a conflicting spend won) when not.
    /// </summary>
    public void Reorganise(int depth, int newBlocks, bool returnToMempool)
    {
        lock (_lock)
        {
            IReadOnlyList<Block> removed = _chain.TruncateAbove(_chain.Blocks.Count - 1 - depth);
            if (returnToMempool)
            {
                _mempool.InsertRange(0, removed.SelectMany(b => b.Transactions.Where(t => !t.IsCoinBase)));
            }

            var other = new Key().PubKey.GetAddress(ScriptPubKeyType.Segwit, Network);
            _chain.MineEmpty(other, newBlocks);
        }
    }

    /// <summary>Forgets every mempool transaction (a node restarted without its mempool).</summary>
    public void ClearMempool()
    {
        lock (_lock)
        {
            _mempool.Clear();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        using HttpListenerResponse response = context.Response;

        // One request per connection: the managed HttpListener sometimes drops a kept-alive connection the client then reuses.
        response.KeepAlive = false;
        if (context.Request.HttpMethod != "POST" || context.Request.Headers["Authorization"] != _authorization)
        {
            response.StatusCode = 401;
            return;
        }

        JsonNode? id = null;
        JsonNode? result;
        (int Code, string Message)? error = null;
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            JsonObject request = JsonNode.Parse(reader.ReadToEnd())!.AsObject();
            id = request["id"]?.DeepClone();
            string method = request["method"]!.GetValue<string>();
            JsonArray parameters = request["params"] as JsonArray ?? [];
            lock (_lock)
            {
                _calls[method] = _calls.GetValueOrDefault(method) + 1;
                result = Call(method, parameters);
            }
        }
        catch (RpcError e)
        {
            result = null;
            error = (e.Code, e.Message);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException or NullReferenceException or IndexOutOfRangeException)
        {
            result = null;
            error = (-1, e.GetType().Name + ": " + e.Message);
        }

        var body = new JsonObject
        {
            ["result"] = result,
            ["error"] = error is { } failure ? new JsonObject { ["code"] = failure.Code, ["message"] = failure.Message } : null,
            ["id"] = id,
        };
        response.StatusCode = error is null ? 200 : 500;
        response.ContentType = "application/json";
        byte[] bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
    }

    private JsonNode? Call(string method, JsonArray parameters) => method switch
    {
        "getblockcount" => _chain.Blocks.Count - 1,
        "getblockhash" => BlockAtHeight(parameters).GetHash().ToString(),
        "getblock" => Convert.ToHexStringLower(BlockByHash(parameters).ToBytes()),
        "getblockheader" => Convert.ToHexStringLower(BlockByHash(parameters).Header.ToBytes()),
        "gettxoutproof" => TxOutProof(parameters),
        "estimatesmartfee" => FeeEstimate is { } rate
            ? new JsonObject { ["feerate"] = rate * 1000m / Money.COIN, ["blocks"] = parameters[0]!.GetValue<int>() }
            : new JsonObject { ["errors"] = new JsonArray("Insufficient data or no feerate found"), ["blocks"] = 0 },
        "scantxoutset" => ScanTxOutSet(parameters),
        "sendrawtransaction" => SendRawTransaction(parameters),
        _ => throw new RpcError(-32601, "Method not found"),
    };

    private Block BlockAtHeight(JsonArray parameters)
    {
        int height = parameters[0]!.GetValue<int>();
        return height >= 0 && height < _chain.Blocks.Count ? _chain.Blocks[height] : throw new RpcError(-8, "Block height out of range");
    }

    private Block BlockByHash(JsonArray parameters)
    {
        uint256 hash = uint256.Parse(parameters[0]!.GetValue<string>());
        return _chain.Blocks.FirstOrDefault(b => b.GetHash() == hash) ?? throw new RpcError(-5, "Block not found");
    }

    private string TxOutProof(JsonArray parameters)
    {
        uint256 txid = uint256.Parse(parameters[0]!.AsArray()[0]!.GetValue<string>());
        Block block = parameters.Count > 1 ? BlockByHash([parameters[1]!.DeepClone()]) : throw new RpcError(-5, "Transaction not yet in block");
        return block.Transactions.Any(t => t.GetHash() == txid)
            ? Convert.ToHexStringLower(new MerkleBlock(block, [txid]).ToBytes())
            : throw new RpcError(-5, "Not all transactions found in specified or retrieved block");
    }

    private JsonObject ScanTxOutSet(JsonArray parameters)
    {
        if (parameters[0]!.GetValue<string>() != "start")
        {
            throw new RpcError(-8, "Invalid action");
        }

        var unspents = new JsonArray();
        Money total = Money.Zero;
        foreach (JsonNode? descriptor in parameters[1]!.AsArray())
        {
            string text = descriptor is JsonObject o ? o["desc"]!.GetValue<string>() : descriptor!.GetValue<string>();
            if (!text.StartsWith("addr(", StringComparison.Ordinal) || !text.EndsWith(')'))
            {
                throw new RpcError(-5, "scantxoutset here reads addr() descriptors only");
            }

            BitcoinAddress address = BitcoinAddress.Create(text[5..^1], Network);
            foreach ((Coin coin, int height, bool _) in Unspent(address.ScriptPubKey))
            {
                total += coin.Amount;
                unspents.Add(new JsonObject
                {
                    ["txid"] = coin.Outpoint.Hash.ToString(),
                    ["vout"] = coin.Outpoint.N,
                    ["scriptPubKey"] = coin.ScriptPubKey.ToHex(),
                    ["desc"] = text,
                    ["amount"] = coin.Amount.ToDecimal(MoneyUnit.BTC),
                    ["height"] = height,
                });
            }
        }

        return new JsonObject
        {
            ["success"] = true,
            ["txouts"] = unspents.Count,
            ["height"] = _chain.Blocks.Count - 1,
            ["bestblock"] = _chain.Tip.GetHash().ToString(),
            ["unspents"] = unspents,
            ["total_amount"] = total.ToDecimal(MoneyUnit.BTC),
        };
    }

    private string SendRawTransaction(JsonArray parameters)
    {
        Transaction transaction;
        try
        {
            transaction = Transaction.Parse(parameters[0]!.GetValue<string>(), Network);
        }
        catch (FormatException)
        {
            throw new RpcError(-22, "TX decode failed");
        }

        Accept(transaction);
        return transaction.GetHash().ToString();
    }

    /// <summary>Bitcoin Core's mempool acceptance, the parts an anchor meets.</summary>
    private void Accept(Transaction transaction)
    {
        uint256 txid = transaction.GetHash();
        if (_mempool.Any(t => t.GetHash() == txid))
        {
            return;
        }

        if (_chain.HeightOf(txid) >= 0)
        {
            throw new RpcError(-27, "Transaction already in block chain");
        }

        if (transaction.Check() is not TransactionCheckResult.Success and var check)
        {
            throw new RpcError(-26, $"bad-txns ({check})");
        }

        Dictionary<OutPoint, (Coin Coin, int Height, bool Coinbase)> view = UnspentView();
        foreach (Transaction pooled in _mempool)
        {
            for (int i = 0; i < pooled.Outputs.Count; i++)
            {
                view[new OutPoint(pooled, i)] = (new Coin(pooled, (uint)i), int.MaxValue, false);
            }
        }

        var spent = new TxOut[transaction.Inputs.Count];
        for (int i = 0; i < transaction.Inputs.Count; i++)
        {
            if (!view.TryGetValue(transaction.Inputs[i].PrevOut, out var coin))
            {
                throw new RpcError(-25, "bad-txns-inputs-missingorspent");
            }

            if (coin.Coinbase && _chain.Blocks.Count - coin.Height <= CoinbaseMaturity)
            {
                throw new RpcError(-26, "bad-txns-premature-spend-of-coinbase");
            }

            spent[i] = coin.Coin.TxOut;
        }

        TransactionValidator validator = transaction.CreateValidator(spent);
        for (int i = 0; i < transaction.Inputs.Count; i++)
        {
            InputValidationResult input = validator.ValidateInput(i);
            if (input.Error is { } scriptError)
            {
                throw new RpcError(-26, $"mandatory-script-verify-flag-failed ({scriptError})");
            }
        }

        Money fee = spent.Select(o => o.Value).Sum() - transaction.TotalOut;
        decimal rate = fee.Satoshi / (decimal)transaction.GetVirtualSize();
        if (rate < MinRelayFeeRate)
        {
            throw new RpcError(-26, $"min relay fee not met, {fee.Satoshi} < {Math.Ceiling(MinRelayFeeRate * transaction.GetVirtualSize())}");
        }

        HashSet<OutPoint> inputs = [.. transaction.Inputs.Select(i => i.PrevOut)];
        Transaction[] conflicts = [.. _mempool.Where(t => t.Inputs.Any(i => inputs.Contains(i.PrevOut)))];
        foreach (Transaction conflict in conflicts)
        {
            Money conflictFee = conflict.Inputs.Select(i => view.TryGetValue(i.PrevOut, out var c) ? c.Coin.Amount : Money.Zero).Sum() - conflict.TotalOut;
            if (!conflict.RBF)
            {
                throw new RpcError(-26, "txn-mempool-conflict");
            }

            if (fee.Satoshi < conflictFee.Satoshi + transaction.GetVirtualSize())
            {
                throw new RpcError(-26, $"insufficient fee, rejecting replacement {txid}; new feerate too low");
            }
        }

        _mempool.RemoveAll(t => conflicts.Contains(t));
        _mempool.Add(transaction);
    }

    private bool SpentInMempool(OutPoint outpoint) => _mempool.Any(t => t.Inputs.Any(i => i.PrevOut == outpoint));

    private IEnumerable<(Coin Coin, int Height, bool Coinbase)> Unspent(Script script) =>
        UnspentView().Values.Where(u => u.Coin.ScriptPubKey == script).OrderBy(u => u.Height);

    private Dictionary<OutPoint, (Coin Coin, int Height, bool Coinbase)> UnspentView()
    {
        var view = new Dictionary<OutPoint, (Coin, int, bool)>();
        for (int height = 0; height < _chain.Blocks.Count; height++)
        {
            foreach (Transaction transaction in _chain.Blocks[height].Transactions)
            {
                foreach (TxIn input in transaction.Inputs.Where(_ => !transaction.IsCoinBase))
                {
                    view.Remove(input.PrevOut);
                }

                for (int i = 0; i < transaction.Outputs.Count; i++)
                {
                    if (!transaction.Outputs[i].ScriptPubKey.IsUnspendable)
                    {
                        view[new OutPoint(transaction, i)] = (new Coin(transaction, (uint)i), height, transaction.IsCoinBase);
                    }
                }
            }
        }

        return view;
    }

    private sealed class RpcError(int code, string message) : Exception(message)
    {
        public int Code { get; } = code;
    }
}
