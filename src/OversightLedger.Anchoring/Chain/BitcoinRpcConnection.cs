namespace OversightLedger.Anchoring.Chain;

/// <summary>
/// How to reach Bitcoin Core's JSON-RPC: the network's name (<see cref="AnchorNetworks.Names"/>), the URL, and either a
/// user and password (<c>rpcauth</c>/<c>rpcuser</c>) or the node's cookie file (<c>.cookie</c> in its data directory).
/// </summary>
public sealed record BitcoinRpcConnection
{
    /// <summary>main, testnet, signet or regtest.</summary>
    public required string Network { get; init; }

    /// <summary>The RPC URL, e.g. <c>http://127.0.0.1:8332/</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>The RPC user, with <see cref="Password"/>; null to use <see cref="CookieFile"/>.</summary>
    public string? User { get; init; }

    /// <summary>The RPC password.</summary>
    public string? Password { get; init; }

    /// <summary>The node's cookie file, read at each connection (the node rewrites it when it restarts).</summary>
    public string? CookieFile { get; init; }
}
