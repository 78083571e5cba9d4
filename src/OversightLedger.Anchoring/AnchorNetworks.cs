using NBitcoin;

namespace OversightLedger.Anchoring;

/// <summary>The Bitcoin networks an anchor can be on, by the names the configuration and the CLI use.</summary>
public static class AnchorNetworks
{
    /// <summary>The accepted names: main, testnet, signet, regtest.</summary>
    public static IReadOnlyList<string> Names { get; } = ["main", "testnet", "signet", "regtest"];

    /// <summary>The network called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static Network Get(string name) => name switch
    {
        "main" => Network.Main,
        "testnet" => Network.TestNet,
        "signet" => Bitcoin.Instance.Signet,
        "regtest" => Network.RegTest,
        _ => throw new ArgumentException($"Unknown network '{name}'; use one of {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The name of <paramref name="network"/>, one of <see cref="Names"/>.</summary>
    /// <exception cref="ArgumentException">It is none of them.</exception>
    public static string NameOf(Network network) =>
        Names.FirstOrDefault(name => Get(name) == network) ?? throw new ArgumentException($"'{network}' is not a network anchors can be on.", nameof(network));
}
