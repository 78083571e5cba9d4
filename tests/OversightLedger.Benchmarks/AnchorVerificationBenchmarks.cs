using System.Text.Json;
using BenchmarkDotNet.Attributes;
using NBitcoin;
using OversightLedger.Anchoring.Proofs;
using OversightLedger.Anchoring.Spv;
using OversightLedger.Anchoring.Tests.Regtest;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Benchmarks;

/// <summary>
/// What <c>oversight verify anchor</c> does after reading its file: parse the proof and run every check (signature,
/// commitment, partial merkle tree, six headers' proof of work and links); and the SPV core alone on the real
/// mainnet merkle block of <c>shared/vectors/bitcoin</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class AnchorVerificationBenchmarks
{
    private byte[] _proofFile = [];
    private NoteVerifier _logKey = null!;
    private AnchorVerificationPolicy _policy = null!;
    private byte[] _mainnetProof = [];
    private uint256 _mainnetTxid = uint256.Zero;

    [GlobalSetup]
    public void Setup()
    {
        var anchor = RegtestAnchor.Create(depth: 6);
        _proofFile = anchor.Proof.Format();
        _logKey = new NoteVerifier(anchor.VerifierKey);
        _policy = new AnchorVerificationPolicy(Network.RegTest, 6, anchor.AnchorBlock.GetHash());

        using var vector = JsonDocument.Parse(File.ReadAllBytes(MainnetVectorPath()));
        _mainnetProof = Convert.FromHexString(vector.RootElement.GetProperty("txoutproof").GetString()!);
        _mainnetTxid = uint256.Parse(vector.RootElement.GetProperty("txid").GetString()!);
    }

    [Benchmark]
    public int VerifyAnchorProofFile() => AnchorVerifier.Verify(AnchorProof.Parse(_proofFile), _logKey, _policy).Depth;

    [Benchmark]
    public bool VerifyMainnetMerkleBlock() =>
        !MerkleBlockProof.Parse(_mainnetProof, Network.Main).VerifyTransaction(_mainnetTxid, Network.Main).IsZero;

    private static string MainnetVectorPath()
    {
        string? shared = Environment.GetEnvironmentVariable("OVERSIGHT_SHARED");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); shared is null && dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OversightLedger.sln")))
            {
                shared = Path.Combine(dir.FullName, "..", "shared");
            }
        }

        return Path.Combine(shared ?? "shared", "vectors", "bitcoin", "mainnet-txoutproof.json");
    }
}
