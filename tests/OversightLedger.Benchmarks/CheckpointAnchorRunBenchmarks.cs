using BenchmarkDotNet.Attributes;
using NBitcoin;
using OversightLedger.Anchoring.Chain;
using OversightLedger.Anchoring.Service;
using OversightLedger.Anchoring.Tests.Regtest;
using OversightLedger.Anchoring.Transactions;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Benchmarks;

/// <summary>
/// The anchor job's work on the chain side per run, through the production RPC client against the in-process
/// <see cref="RegtestJsonRpcNode"/> over loopback HTTP: building a new anchor (<c>scantxoutset</c>,
/// <c>estimatesmartfee</c>, <c>getblockcount</c>, coin selection and signing), and the run that finds an anchor 6 blocks
/// deep and takes its proof (the blocks since the broadcast, <c>gettxoutproof</c>, the headers). Both leave the node as
/// they found it, so every iteration does the same work.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class CheckpointAnchorRunBenchmarks
{
    private const string Origin = "bench.oversight.example/log";
    private RegtestJsonRpcNode _node = null!;
    private CheckpointAnchorer _anchorer = null!;
    private SignedCheckpoint _next = null!;
    private PendingAnchor _deep = null!;

    [GlobalSetup]
    public void Setup()
    {
        _node = new RegtestJsonRpcNode();
        var wallet = new Key();
        var chain = new BitcoinCoreRpcChain(new BitcoinRpcConnection { Network = "regtest", Url = _node.Url, User = _node.User, Password = _node.Password });
        _anchorer = new CheckpointAnchorer(chain, wallet, new AnchorFeePolicy(20m), new AnchorerSettings());
        _node.Fund(_anchorer.WalletAddress, Money.Coins(0.01m));

        (string signerKey, _) = NoteSigner.Generate(Origin);
        using var signer = new NoteSigner(signerKey);
        SignedCheckpoint first = SignedCheckpoint.Sign(new Checkpoint(Origin, 1000, Rfc6962.HashLeaf("a"u8)), signer);
        _next = SignedCheckpoint.Sign(new Checkpoint(Origin, 2000, Rfc6962.HashLeaf("b"u8)), signer);
        _deep = _anchorer.BuildAsync(first.Format(), first.Checkpoint).GetAwaiter().GetResult();
        _anchorer.BroadcastAsync(_deep).GetAwaiter().GetResult();
        _node.Mine(6);
    }

    [GlobalCleanup]
    public void Cleanup() => _node.Dispose();

    [Benchmark]
    public async Task<int> BuildNewAnchor() => (await _anchorer.BuildAsync(_next.Format(), _next.Checkpoint)).Transactions.Count;

    [Benchmark]
    public async Task<int> FindAnchorAtDepthAndTakeItsProof() => (await _anchorer.AdvanceAsync(_deep)).Confirmed!.Proof.Headers.Count;
}
