using BenchmarkDotNet.Attributes;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Benchmarks;

/// <summary>Appending and integrating 1M entries of ~200 bytes: in memory (hashing and tiling) and durably on disk.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class IntegrationBenchmarks
{
    private const int EntryCount = 1_000_000;
    private ReadOnlyMemory<byte>[] _entries = [];
    private string _directory = string.Empty;

    [GlobalSetup]
    public void Setup() => _entries = SyntheticEntries.Create(EntryCount);

    [IterationSetup(Target = nameof(AppendDurablyToDisk))]
    public void NewDirectory() => _directory = Path.Combine(Path.GetTempPath(), "oversight-bench", Guid.NewGuid().ToString("N"));

    [IterationCleanup(Target = nameof(AppendDurablyToDisk))]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    /// <summary>Leaf hashing (both cores), tree integration, tile and bundle encoding — everything but I/O.</summary>
    [Benchmark(OperationsPerInvoke = EntryCount)]
    public MerkleHash IntegrateInMemory()
    {
        var leafHashes = new MerkleHash[_entries.Length];
        ReadOnlyMemory<byte>[] entries = _entries;
        Parallel.For(0, entries.Length, i => leafHashes[i] = Rfc6962.HashLeaf(entries[i].Span));
        var edge = new TreeEdge();
        var tiles = new List<TileFile>();
        for (int i = 0; i < leafHashes.Length; i++)
        {
            edge.Append(leafHashes[i], tiles);
            if ((i & 255) == 255)
            {
                tiles.Add(new TileFile(new TileAddress(TileAddress.EntriesLevel, (ulong)i >> 8, 256), EntryBundle.Encode(new ArraySegment<ReadOnlyMemory<byte>>(entries, i - 255, 256))));
                tiles.Clear();
            }
        }

        return edge.Root();
    }

    /// <summary>The same through <see cref="TileLogWriter"/> into a directory, with fsync of every file.</summary>
    [Benchmark(OperationsPerInvoke = EntryCount)]
    public async Task<ulong> AppendDurablyToDisk()
    {
        var storage = new FileSystemLogStorage(_directory);
        TileLogWriter writer = await TileLogWriter.CreateAsync(storage, new BenchmarkCheckpointSigner());
        LogAppendResult result = await writer.AppendAsync(_entries);
        return result.TreeSize;
    }
}
