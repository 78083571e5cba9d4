using BenchmarkDotNet.Attributes;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Benchmarks;

/// <summary>Verifying every entry and tile of a 1M-entry log on disk (what <c>oversight verify log</c> does after the signature).</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class VerifyLogBenchmarks
{
    private const ulong Size = 1_000_000;
    private string _directory = string.Empty;
    private MerkleHash _root;

    [GlobalSetup]
    public void Setup() => (_directory, _root) = BenchmarkLogs.Complete(Size);

    [Benchmark]
    public Task VerifyWholeLog() => TileLogVerifier.VerifyAsync(new FileSystemLogStorage(_directory), Size, _root);
}
