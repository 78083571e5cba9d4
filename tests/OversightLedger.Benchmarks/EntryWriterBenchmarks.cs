using BenchmarkDotNet.Attributes;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Benchmarks;

/// <summary>
/// <see cref="LedgerEntry.ToCanonicalJson"/> of a <c>Disbursed</c> entry: what the program grain does once per accepted
/// row before the row goes to the log. Each invoke writes <see cref="EntriesPerInvoke"/> different entries, so the figures
/// are per entry.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class EntryWriterBenchmarks
{
    private const int EntriesPerInvoke = 256;
    private Disbursed[] _disbursed = [];

    [GlobalSetup]
    public void Setup() => _disbursed = SampleDisbursements.Create(EntriesPerInvoke);

    /// <summary>A typical disbursement, written as its canonical leaf bytes.</summary>
    [Benchmark(OperationsPerInvoke = EntriesPerInvoke)]
    public int WriteDisbursed()
    {
        int total = 0;
        foreach (Disbursed entry in _disbursed)
        {
            total += entry.ToCanonicalJson().Length;
        }

        return total;
    }
}
