using BenchmarkDotNet.Attributes;
using OversightLedger.Sanctions;
using OversightLedger.Sanctions.Tests.TestSupport;

namespace OversightLedger.Benchmarks;

/// <summary>
/// Screening against the full OFAC SDN list (14,965 entries, 18,628 names): one name per operation, cycling through
/// <see cref="QueryCount"/> queries, half real names spoiled the five ways of the quality evaluation (hits) and half
/// synthetic people (misses); and loading the list (parse the 3.9 MB CSV, build the index).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class SanctionsScreeningBenchmarks
{
    private const int QueryCount = 1000;
    private SanctionsIndex _index = null!;
    private ScreeningQuery[] _queries = [];
    private byte[] _sdnCsv = [];

    [GlobalSetup]
    public void Setup()
    {
        _sdnCsv = File.ReadAllBytes(SanctionsData.Path("ofac-sdn-full", "sdn.csv"));
        SanctionsList list = OfacSdnCsvParser.Parse(_sdnCsv);
        _index = SanctionsIndex.Build(list);
        var mangler = new NameMangler(16);
        var random = new Random(16);
        string[] negatives = [.. File.ReadLines(SanctionsData.Path("name-matching", "yente-negatives_us_small.csv")).Skip(1).Select(line => line.Split(',')[0])];
        _queries = [.. Enumerable.Range(0, QueryCount).Select(i => new ScreeningQuery(i % 2 == 0
            ? mangler.Mangle(list.Entries[random.Next(list.Entries.Count)].Name, i / 2 % NameMangler.Kinds.Count)
            : negatives[i / 2 % negatives.Length]))];
    }

    /// <summary>One name against the whole list at the default threshold (the figure is per name).</summary>
    [Benchmark(OperationsPerInvoke = QueryCount)]
    public int ScreenOneName()
    {
        int hits = 0;
        foreach (ScreeningQuery query in _queries)
        {
            hits += _index.Screen(query).Count;
        }

        return hits;
    }

    /// <summary>Parse <c>sdn.csv</c> and index it.</summary>
    [Benchmark]
    public int LoadFullSdnList() => SanctionsIndex.Build(OfacSdnCsvParser.Parse(_sdnCsv)).NameCount;
}
