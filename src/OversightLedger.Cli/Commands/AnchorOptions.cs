using System.CommandLine;
using OversightLedger.Anchoring;

namespace OversightLedger.Cli.Commands;

/// <summary>The options that say what an auditor requires of a Bitcoin anchor (<c>verify anchor</c>, <c>replay --anchor</c>); each command gets its own instances.</summary>
internal static class AnchorOptions
{
    public static Option<string> Network()
    {
        var network = new Option<string>("--network")
        {
            Description = "The Bitcoin network whose proof-of-work limit the anchor's headers must meet.",
            DefaultValueFactory = _ => "main",
        };
        network.AcceptOnlyFromAmong([.. AnchorNetworks.Names]);
        return network;
    }

    public static Option<int> Depth() => new("--depth")
    {
        Description = "The least number of block headers (the anchor's block and those on top of it) the anchor proof must hold.",
        HelpName = "N",
        DefaultValueFactory = _ => 6,
    };

    public static Option<string?> Block() => new("--block")
    {
        Description = "The anchor block's hash (64 hex digits), taken from a source you trust: a header chain proves work, not that it is the chain everyone follows.",
        HelpName = "HASH",
    };
}
