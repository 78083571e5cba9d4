using Microsoft.Extensions.DependencyInjection;
using NBitcoin;
using Orleans.TestingHost;
using OversightLedger.Anchoring.Chain;
using OversightLedger.Anchoring.Service;
using OversightLedger.Anchoring.Transactions;

namespace OversightLedger.Server.Tests.Anchoring;

/// <summary>Gives each test silo a <see cref="CheckpointAnchorer"/> on the regtest node and wallet named in the cluster's properties.</summary>
public sealed class AnchoringSiloConfigurator : ISiloConfigurator
{
    public const string RpcUrlKey = "AnchoringTests:RpcUrl";
    public const string RpcUserKey = "AnchoringTests:RpcUser";
    public const string RpcPasswordKey = "AnchoringTests:RpcPassword";
    public const string WalletKey = "AnchoringTests:WalletWif";

    public void Configure(ISiloBuilder siloBuilder)
    {
        var chain = new BitcoinCoreRpcChain(new BitcoinRpcConnection
        {
            Network = "regtest",
            Url = new Uri(siloBuilder.Configuration[RpcUrlKey]!),
            User = siloBuilder.Configuration[RpcUserKey],
            Password = siloBuilder.Configuration[RpcPasswordKey],
        });
        Key wallet = new BitcoinSecret(siloBuilder.Configuration[WalletKey]!, Network.RegTest).PrivateKey;
        siloBuilder.Services.AddSingleton(new CheckpointAnchorer(chain, wallet, new AnchorFeePolicy(20m), new AnchorerSettings()));
    }
}
