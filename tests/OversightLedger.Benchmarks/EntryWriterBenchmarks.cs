using BenchmarkDotNet.Attributes;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;

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
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private Disbursed[] _disbursed = [];

    [GlobalSetup]
    public void Setup()
    {
        Currency eur = Currency.Parse("EUR");
        byte[] secret = new byte[32];
        _disbursed = [.. Enumerable.Range(0, EntriesPerInvoke).Select(i => new Disbursed(
            $"disb-2026-11-{i:000000}", Noon.AddSeconds(i), $"program-{i % 50:00}", $"budget-{i % 10:00}", "tranche-1",
            BeneficiaryPseudonym.Derive(secret, $"AGY-{i:0000000}"), new Money(eur, 2_500 + (i * 137)), "72010", "cash", "2026-11"))];
    }

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
