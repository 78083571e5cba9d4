using BenchmarkDotNet.Attributes;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;

namespace OversightLedger.Benchmarks;

/// <summary>
/// <see cref="LedgerEntryParser.Parse"/> of one entry of three kinds: a <c>Disbursed</c> (~350 bytes, the bulk of every
/// log), a <c>BudgetOpened</c> (a string array, a money amount) and a <c>FindingRaised</c> (string and integer arrays, a
/// free text). Each invoke parses <see cref="EntriesPerInvoke"/> different entries of the kind, so the figures are per entry.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class EntryParserBenchmarks
{
    private const int EntriesPerInvoke = 256;
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private byte[][] _disbursed = [];
    private byte[][] _budgetOpened = [];
    private byte[][] _findingRaised = [];

    [GlobalSetup]
    public void Setup()
    {
        Currency eur = Currency.Parse("EUR");
        _disbursed = [.. SampleDisbursements.Create(EntriesPerInvoke).Select(entry => entry.ToCanonicalJson())];
        _budgetOpened = [.. Enumerable.Range(0, EntriesPerInvoke).Select(i => new BudgetOpened(
            $"req-budget-{i:0000}", Noon.AddSeconds(i), $"budget-{i:0000}", "XM-DAC-41114", "72010", "SS",
            new Money(eur, 100_000_000 + i), ["diversion", "sanctions-breach"], "donor-key-1").ToCanonicalJson())];
        _findingRaised = [.. Enumerable.Range(0, EntriesPerInvoke).Select(i => new FindingRaised(
            $"f-watchdog-1-velocity-{i}", Noon.AddSeconds(i), "watchdog-1", "velocity", ["budget-01", "budget-02"], [$"program-{i % 50:00}"],
            [i, i + 17, i + 1_000_003], $"beneficiary paid {3 + (i % 5)} times in one period across programs").ToCanonicalJson())];
    }

    /// <summary>A typical disbursement.</summary>
    [Benchmark(OperationsPerInvoke = EntriesPerInvoke)]
    public int ParseDisbursed() => ParseAll(_disbursed);

    /// <summary>A budget opening.</summary>
    [Benchmark(OperationsPerInvoke = EntriesPerInvoke)]
    public int ParseBudgetOpened() => ParseAll(_budgetOpened);

    /// <summary>A watchdog finding.</summary>
    [Benchmark(OperationsPerInvoke = EntriesPerInvoke)]
    public int ParseFindingRaised() => ParseAll(_findingRaised);

    private static int ParseAll(byte[][] entries)
    {
        int total = 0;
        foreach (byte[] entry in entries)
        {
            total += LedgerEntryParser.Parse(entry).Id.Length;
        }

        return total;
    }
}
