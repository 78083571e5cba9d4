using BenchmarkDotNet.Attributes;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Benchmarks;

/// <summary>Inclusion and consistency proofs on a 16M-entry log, read from its tiles on disk and kept warm.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ProofBenchmarks
{
    private const ulong Size = 16_000_000;
    private const int ProofsPerInvoke = 1024;
    private TileNodeHashReader _reader = null!;
    private MerkleHash _root;
    private ulong[] _indices = [];
    private ulong[] _oldSizes = [];
    private MerkleHash[] _leafHashes = [];
    private MerkleHash[][] _proofs = [];

    [GlobalSetup]
    public async Task Setup()
    {
        (string directory, _root) = BenchmarkLogs.HashTilesOnly(Size);
        _reader = new TileNodeHashReader(new FileSystemLogStorage(directory), Size, maxCachedTiles: 1 << 20);
        var random = new Random(42);
        _indices = [.. Enumerable.Range(0, ProofsPerInvoke).Select(_ => (ulong)random.NextInt64((long)Size))];
        _oldSizes = [.. Enumerable.Range(0, ProofsPerInvoke).Select(_ => (ulong)random.NextInt64(1, (long)Size))];
        _leafHashes = await _reader.ReadHashesAsync([.. _indices.Select(i => new NodeId(0, i))]);
        _proofs = new MerkleHash[ProofsPerInvoke][];
        for (int i = 0; i < ProofsPerInvoke; i++)
        {
            // Warm every tile the measured proofs touch.
            _proofs[i] = await ProofBuilder.InclusionAsync(_reader, _indices[i], Size);
            await ProofBuilder.ConsistencyAsync(_reader, _oldSizes[i], Size);
        }
    }

    [Benchmark(OperationsPerInvoke = ProofsPerInvoke)]
    public async Task<int> InclusionProofFromWarmTiles()
    {
        int total = 0;
        for (int i = 0; i < ProofsPerInvoke; i++)
        {
            total += (await ProofBuilder.InclusionAsync(_reader, _indices[i], Size)).Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = ProofsPerInvoke)]
    public async Task<int> ConsistencyProofFromWarmTiles()
    {
        int total = 0;
        for (int i = 0; i < ProofsPerInvoke; i++)
        {
            total += (await ProofBuilder.ConsistencyAsync(_reader, _oldSizes[i], Size)).Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = ProofsPerInvoke)]
    public int VerifyInclusionProof()
    {
        for (int i = 0; i < ProofsPerInvoke; i++)
        {
            ProofVerifier.VerifyInclusion(_indices[i], Size, _leafHashes[i], _proofs[i], _root);
        }

        return ProofsPerInvoke;
    }
}
