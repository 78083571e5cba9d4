using Microsoft.Extensions.DependencyInjection;
using NBitcoin;
using Orleans.TestingHost;
using OversightLedger.Anchoring.Proofs;
using OversightLedger.Anchoring.Tests.Regtest;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Anchoring;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Reports;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Storage.Posix;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Server.Tests.Anchoring;

/// <summary>
/// <see cref="ICheckpointAnchorGrain"/> in a three-silo TestingHost cluster anchoring to a <see cref="RegtestJsonRpcNode"/>:
/// runs entering through every silo at once make one anchor; a reorganisation that drops it before the depth is survived
/// (rebroadcast) and the one <c>CheckpointAnchored</c> names the final block; the status crosses silos intact.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
public sealed class CheckpointAnchorGrainTests : IAsyncLifetime
{
    private readonly RegtestJsonRpcNode _node = new();
    private readonly LedgerClusterDirectory _directory = new();
    private readonly Key _wallet = new();
    private TestCluster _cluster = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _cluster = await _directory.StartClusterAsync(3, Ct, configure: builder =>
        {
            builder.Properties[AnchoringSiloConfigurator.RpcUrlKey] = _node.Url.ToString();
            builder.Properties[AnchoringSiloConfigurator.RpcUserKey] = _node.User;
            builder.Properties[AnchoringSiloConfigurator.RpcPasswordKey] = _node.Password;
            builder.Properties[AnchoringSiloConfigurator.WalletKey] = _wallet.GetWif(Network.RegTest).ToString();
            builder.AddSiloBuilderConfigurator<AnchoringSiloConfigurator>();
        });

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync(CancellationToken.None);
        await _cluster.DisposeAsync();
        _directory.Dispose();
        _node.Dispose();
    }

    [Fact]
    public async Task Runs_through_every_silo_at_once_make_one_anchor_a_reorg_before_depth_is_survived_and_it_is_recorded_once()
    {
        IGrainFactory[] entries = [_cluster.Client, .. _cluster.Silos.Select(s => ((InProcessSiloHandle)s).ServiceProvider.GetRequiredService<IGrainFactory>())];
        _node.Fund(new Key(_wallet.ToBytes()).PubKey.GetAddress(ScriptPubKeyType.Segwit, Network.RegTest), Money.Coins(0.01m));
        Assert.Equal("skipped", (await Anchors(entries[0]).RunAsync()).Outcome);
        Assert.True((await entries[1].GetGrain<IReliefBudgetGrain>("budget-anchor").OpenAsync(
            LedgerActors.Donor, new OpenBudgetCommand("anchor:budget-opened", "donor-org-1", LedgerScenario.Purpose, "SD", "USD", Amounts.Of("10.00"), []))).Accepted);

        AnchorRun[] runs = await Task.WhenAll(entries.Select(e => Anchors(e).RunAsync()));

        Assert.Single(runs, r => r.Outcome == "broadcast");
        Assert.All(runs, r => Assert.Contains(r.Outcome, new[] { "broadcast", "pending" }));
        Transaction anchor = Assert.Single(_node.Mempool);

        // Two blocks, then a reorganisation that replaces them with three and loses the anchor.
        _node.Mine(2);
        AnchorStatus shallow = await Anchors(entries[2]).GetStatusAsync();
        Assert.Equal("pending", (await Anchors(entries[3]).RunAsync()).Outcome);
        Assert.Equal(2, (await Anchors(entries[1]).GetStatusAsync()).Pending!.Confirmations);
        Assert.True(shallow.Enabled);
        _node.Reorganise(depth: 2, newBlocks: 3, returnToMempool: false);
        Assert.Empty(_node.Mempool);
        Assert.Equal("pending", (await Anchors(entries[1]).RunAsync()).Outcome);
        Assert.Equal(anchor.GetHash(), Assert.Single(_node.Mempool).GetHash());

        _node.Mine(6);
        AnchorRun[] final = await Task.WhenAll(entries.Select(e => Anchors(e).RunAsync()));

        AnchorRecord record = Assert.Single(final, r => r.Outcome == "anchored").Anchored!;
        Assert.All(final.Where(r => r.Outcome != "anchored"), r => Assert.Equal("skipped", r.Outcome));
        int height = _node.HeightOf(anchor.GetHash())!.Value;
        Assert.Equal(_node.BlockAt(height).GetHash().ToString(), record.BlockHash);
        Assert.Equal(height, record.BlockHeight);
        AnchorStatus status = await Anchors(entries[2]).GetStatusAsync();
        Assert.Equal(record, status.LastAnchor);
        Assert.Null(status.Pending);

        ulong? leaf = await _cluster.Client.GetGrain<OversightLedger.Grains.AuditLog.IAuditLogGrain>(LedgerClusterDirectory.Origin)
            .FindAsync(EntryIds.CheckpointAnchored(record.CheckpointSize));
        Assert.Equal(record.LeafIndex, leaf);
        byte[] proof = (await new FileSystemReportStore(_directory.ReportDirectory).GetAsync(record.ProofSha256, Ct))!;
        VerifiedAnchor verified = AnchorVerifier.Verify(AnchorProof.Parse(proof), new NoteVerifier(_directory.VerifierKey), new AnchorVerificationPolicy(Network.RegTest, 6, uint256.Parse(record.BlockHash)));
        Assert.Equal((ulong)record.CheckpointSize, verified.Checkpoint.Size);
    }

    private static ICheckpointAnchorGrain Anchors(IGrainFactory grains) => grains.GetGrain<ICheckpointAnchorGrain>(ICheckpointAnchorGrain.Key);
}
