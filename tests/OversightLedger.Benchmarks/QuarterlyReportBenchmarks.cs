using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Domain.Programs;
using OversightLedger.Reporting.Json;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Replay;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Benchmarks;

/// <summary>
/// The quarterly report of a quarter with 1,000,000 disbursements over 50 programs (issue 4): computing it from the log
/// on disk (<see cref="LogReportSource.BuildReportAsync"/>), and the recomputation <c>oversight replay</c> runs
/// (<see cref="ReportReplay.ReplayAsync"/>: the same figures plus <c>LedgerReplay</c> of the whole history).
/// </summary>
/// <remarks>
/// <para>
/// The log (built once, cached under <c>$TMPDIR/oversight-bench-logs/report-…</c>, keyed by its parameters, written
/// without fsync) is a whole ledger that keeps every rule: 10 budgets (EUR, USD, JPY) with released tranches, 50
/// programs, 1,000,000 beneficiaries enrolled in 2026-Q3 (20,000 per program), then in 2026-Q4 one disbursement to each
/// of them (so 1,000,000 distinct beneficiaries reached, the worst case for the per-program sets) and a reversal of
/// every hundredth — 2,010,150 entries in all. <c>report-2026-Q4.json</c> is saved beside it for running
/// <c>oversight replay</c> by hand.
/// </para>
/// <para>
/// Peak memory: after the setup the process's peak resident set is reset (Linux <c>/proc/self/clear_refs</c>), and the
/// global cleanup prints the peak reached by the benchmark's iterations (<c>VmHWM</c>), the managed heap after them, and
/// the CPU time the process used per iteration (a figure that a busy machine inflates less than the wall time).
/// </para>
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 3)]
public class QuarterlyReportBenchmarks
{
    private const int Disbursements = 1_000_000;
    private const int Programs = 50;
    private const int BudgetCount = 10;
    private const int ReversalEvery = 100;
    private const string Origin = "bench.example/report-log";
    private static readonly ReportQuarter Quarter = new(2026, 4);
    private string _directory = string.Empty;
    private ReportCheckpoint _checkpoint = null!;
    private TimeSpan _cpuAfterSetup;
    private int _iterations;

    [GlobalSetup]
    public void Setup()
    {
        (_directory, _checkpoint) = BuildLog();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        ResetPeakResidentSet();
        _cpuAfterSetup = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    }

    [IterationCleanup]
    public void CountIteration() => _iterations++;

    [GlobalCleanup]
    public void ReportPeakMemory()
    {
        long peak = PeakResidentSetBytes();
        TimeSpan cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - _cpuAfterSetup;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// peak resident set during the iterations: {peak / (1 << 20)} MiB; managed heap after them: {GC.GetTotalMemory(forceFullCollection: false) / (1 << 20)} MiB; "
            + $"CPU time (all threads) per iteration: {cpu.TotalSeconds / Math.Max(1, _iterations):0.0} s over {_iterations} iterations"));
    }

    /// <summary>Reads the 2,010,150 leaves of the checkpoint's tree and computes every figure (what the quarterly job does).</summary>
    [Benchmark]
    public async Task<QuarterlyReport> BuildReport() =>
        await LogReportSource.BuildReportAsync(new FileSystemLogStorage(_directory), Quarter, _checkpoint).ConfigureAwait(false);

    /// <summary>The recomputation of <c>oversight replay</c>: the figures and <c>LedgerReplay</c> of the whole history, one parse per leaf.</summary>
    [Benchmark]
    public async Task<ReportReplayResult> RecomputeAndReplayRules()
    {
        ReportReplayResult result = await ReportReplay.ReplayAsync(new FileSystemLogStorage(_directory), Quarter, _checkpoint).ConfigureAwait(false);
        return result.Violations.Count == 0
            ? result
            : throw new InvalidOperationException($"the benchmark ledger breaks a rule: {result.Violations[0]}");
    }

    /// <summary>
    /// Builds (or finds) the benchmark ledger with <paramref name="disbursements"/> disbursements and returns its directory:
    /// what <c>report-log N</c> runs so <c>oversight replay</c> can be measured on 1 or 10 million without the iterations.
    /// </summary>
    internal static string BuildLogOnly(int disbursements) => BuildLog(disbursements).Directory;

    private static (string Directory, ReportCheckpoint Checkpoint) BuildLog(int disbursements = Disbursements)
    {
        string name = $"report-{Quarter}-{disbursements}x{Programs}-r{ReversalEvery}";
        string directory = Path.Combine(Path.GetTempPath(), "oversight-bench-logs", name);
        string checkpointFile = Path.Combine(directory, TilePath.Checkpoint);
        if (File.Exists(checkpointFile))
        {
            return (directory, ReportCheckpoint.FromSignedNote(File.ReadAllBytes(checkpointFile)));
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var edge = new TreeEdge();
        var tiles = new List<TileFile>();
        var bundle = new List<ReadOnlyMemory<byte>>(TileLayout.Width);
        foreach (LedgerEntry[] chunk in Ledger(disbursements).Chunk(1 << 16))
        {
            var leaves = new byte[chunk.Length][];
            var hashes = new MerkleHash[chunk.Length];
            Parallel.For(0, chunk.Length, i =>
            {
                leaves[i] = chunk[i].ToCanonicalJson();
                hashes[i] = Rfc6962.HashLeaf(leaves[i]);
            });
            for (int i = 0; i < chunk.Length; i++)
            {
                edge.Append(hashes[i], tiles);
                bundle.Add(leaves[i]);
                if (bundle.Count == TileLayout.Width)
                {
                    ulong index = (edge.Size - 1) / TileLayout.Width;
                    tiles.Add(new TileFile(new TileAddress(TileAddress.EntriesLevel, index, TileLayout.Width), EntryBundle.Encode(bundle)));
                    bundle.Clear();
                }
            }

            WriteAll(directory, tiles);
            tiles.Clear();
        }

        if (bundle.Count > 0)
        {
            tiles.Add(new TileFile(new TileAddress(TileAddress.EntriesLevel, edge.Size / TileLayout.Width, bundle.Count), EntryBundle.Encode(bundle)));
        }

        tiles.AddRange(edge.PartialTiles());
        WriteAll(directory, tiles);
        (string signerKey, string verifierKey) = NoteSigner.Generate(Origin);
        using var signer = new NoteSigner(signerKey);
        byte[] note = new NoteCheckpointSigner(Origin, signer).Sign(edge.Size, edge.Root());
        File.WriteAllText(Path.Combine(directory, "..", $"{name}.vkey"), verifierKey);
        var checkpoint = ReportCheckpoint.FromSignedNote(note);
        QuarterlyReport report = LogReportSource.BuildReportAsync(new FileSystemLogStorage(directory), Quarter, checkpoint).GetAwaiter().GetResult();
        File.WriteAllBytes(Path.Combine(directory, "..", $"{name}.json"), ReportJsonWriter.ToUtf8Bytes(report));
        File.WriteAllBytes(checkpointFile, note); // last: its presence says the log is complete
        return (directory, checkpoint);
    }

    /// <summary>The whole history, in log order, keeping every rule.</summary>
    private static IEnumerable<LedgerEntry> Ledger(int disbursements)
    {
        string[] currencies = ["EUR", "EUR", "EUR", "EUR", "EUR", "USD", "USD", "USD", "JPY", "EUR"];
        DateTimeOffset q3 = Quarter.Previous.Start;
        for (int b = 0; b < BudgetCount; b++)
        {
            Currency currency = Currency.Parse(currencies[b]);
            long big = currency.MinorUnitExponent == 0 ? 100_000_000_000 : 10_000_000_000; // ample for 100,000 payments
            string budget = Budget(b);
            yield return new BudgetOpened($"open-{budget}", q3, budget, "ECHO", "72010", b % 2 == 0 ? "SY" : "YE", new Money(currency, big), ["diversion"], "donor-1");
            yield return new FundsReceived($"funds-{budget}", q3.AddHours(1), budget, new Money(currency, big), "TRF-" + budget);
            yield return new TrancheAdded($"tranche-{budget}", q3.AddHours(2), budget, "t1", new Money(currency, big), true, ["b1"]);
            yield return new BenchmarkVerified($"verify-{budget}", q3.AddHours(3), budget, "t1", "b1", "watchdog-ti", new string('0', 64), DateOnly.FromDateTime(q3.UtcDateTime));
            yield return new TrancheReleased($"release-{budget}", q3.AddHours(4), budget, "t1", new Money(currency, big), ["b1"], "donor-1");
        }

        for (int p = 0; p < Programs; p++)
        {
            Currency currency = Currency.Parse(currencies[p % BudgetCount]);
            yield return new ProgramOpened($"open-{Program(p)}", q3.AddHours(5), Program(p), $"agency-{p % 7}", new Money(currency, 100_000), CapPeriod.Month);
            yield return new ProgramEligible($"eligible-{Program(p)}", q3.AddHours(6), Budget(p % BudgetCount), Program(p), $"agency-{p % 7}");
        }

        for (int i = 0; i < disbursements; i++)
        {
            yield return new BeneficiaryEnrolled($"enrol-{i}", q3.AddDays(10).AddSeconds(i), Program(i % Programs), Pseudonym(i));
        }

        double step = (Quarter.End - Quarter.Start).TotalSeconds / (disbursements + 1.0);
        for (int i = 0; i < disbursements; i++)
        {
            int p = i % Programs;
            Currency currency = Currency.Parse(currencies[p % BudgetCount]);
            DateTimeOffset at = Quarter.Start.AddSeconds(Math.Floor(i * step));
            var amount = new Money(currency, 1_000 + (i % 5_000));
            string sector = (i % 3) switch { 0 => "72010", 1 => "72040", _ => "72050" };
            yield return new Disbursed($"d-{i}", at, Program(p), Budget(p % BudgetCount), "t1", Pseudonym(i), amount, sector, "cash", PaymentPeriod.Of(CapPeriod.Month, at));
            if (i % ReversalEvery == ReversalEvery - 1)
            {
                yield return new Reversed($"r-{i}", at, $"d-{i}", Program(p), Budget(p % BudgetCount), "t1", amount, "returned by the bank");
            }
        }
    }

    private static string Budget(int b) => string.Create(CultureInfo.InvariantCulture, $"budget-{b:00}");

    private static string Program(int p) => string.Create(CultureInfo.InvariantCulture, $"program-{p:00}");

    /// <summary>Beneficiary <paramref name="i"/> (of program i mod 50): a real HMAC pseudonym.</summary>
    private static BeneficiaryPseudonym Pseudonym(int i) =>
        BeneficiaryPseudonym.Derive(PseudonymKey, string.Create(CultureInfo.InvariantCulture, $"HH-{i:0000000}"));

    private static readonly byte[] PseudonymKey = SHA256.HashData(Encoding.UTF8.GetBytes("benchmark pseudonym key"));

    private static void WriteAll(string directory, List<TileFile> tiles)
    {
        foreach (TileFile tile in tiles)
        {
            string path = Path.Combine(directory, tile.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, tile.Data);
        }
    }

    private static void ResetPeakResidentSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.WriteLine($"// cannot reset the peak resident set ({e.Message}): the peak printed includes the setup");
        }
    }

    private static long PeakResidentSetBytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return Environment.WorkingSet;
    }
}
