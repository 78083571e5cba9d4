using NBitcoin;
using OversightLedger.Anchoring;
using OversightLedger.Anchoring.Chain;
using OversightLedger.Anchoring.Service;
using OversightLedger.Anchoring.Transactions;
using OversightLedger.Server.Jobs;

namespace OversightLedger.Server.Anchoring;

/// <summary>
/// Anchoring in Bitcoin, when the <c>Anchoring</c> section names a node (<c>Anchoring:RpcUrl</c>): the node's client,
/// the wallet key (read at start-up: a missing or readable-by-others key file stops the server), and the
/// <see cref="CheckpointAnchorer"/> the anchoring grain uses. The node is asked nothing at start-up, so the server starts
/// and is ready while it is down.
/// </summary>
internal static class AnchoringSetup
{
    public static WebApplicationBuilder AddLedgerAnchoring(this WebApplicationBuilder builder)
    {
        AnchoringOptions options = builder.Configuration.GetSection("Anchoring").Get<AnchoringOptions>() ?? new AnchoringOptions();
        builder.Services.AddTransient<CheckpointAnchorJob>();
        if (string.IsNullOrWhiteSpace(options.RpcUrl))
        {
            return builder;
        }

        if (!AnchorNetworks.Names.Contains(options.Network) || !Uri.TryCreate(options.RpcUrl, UriKind.Absolute, out Uri? url)
            || string.IsNullOrWhiteSpace(options.WalletKeyFile) || options.Depth < 1 || options.MaxFeeRate < 1 || options.FallbackFeeRate <= 0
            || options.ConfirmationTarget < 1 || options.BumpAfterBlocks < 1)
        {
            throw new InvalidOperationException(
                "Anchoring needs Anchoring:Network (main, testnet, signet or regtest), an absolute Anchoring:RpcUrl, Anchoring:WalletKeyFile "
                + "(made by 'oversight anchor keygen'), and positive Depth, MaxFeeRate, FallbackFeeRate, ConfirmationTarget and BumpAfterBlocks.");
        }

        Network network = AnchorNetworks.Get(options.Network);
        Key walletKey = AnchorWalletKey.Read(options.WalletKeyFile, network);
        var chain = new BitcoinCoreRpcChain(new BitcoinRpcConnection
        {
            Network = options.Network,
            Url = url,
            User = options.RpcUser,
            Password = options.RpcPassword,
            CookieFile = options.RpcCookieFile,
        });
        builder.Services.AddSingleton(new CheckpointAnchorer(
            chain,
            walletKey,
            new AnchorFeePolicy(options.MaxFeeRate),
            new AnchorerSettings
            {
                Depth = options.Depth,
                ConfirmationTarget = options.ConfirmationTarget,
                FallbackFeeRate = options.FallbackFeeRate,
                BumpAfterBlocks = options.BumpAfterBlocks,
            }));
        return builder;
    }
}
