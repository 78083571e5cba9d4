using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Server.Persistence;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Benchmarks;

/// <summary>
/// What the sequencer's index costs per new id on the append path (issue 17, "no throughput loss"): for each id, the
/// lookup the sequencer makes before appending (a new id: a miss), then the id indexed in a batch of
/// <see cref="BatchSize"/> with its program's and budget's subjects, as <c>http-single</c> does; for the index on disk the
/// iteration ends when its writer has written everything, so the writer's work is in it. <see cref="KnownIds"/> looks up
/// ids already written (a replayed request). The index starts with <see cref="Existing"/> ids.
/// </summary>
/// <remarks>
/// Wall time counts the writer thread only where it delays the end of the iteration; <c>index-cost</c>
/// (<see cref="RunCpu"/>) reports the process's CPU time per id, which is what a shared machine can still measure.
/// </remarks>
[MemoryDiagnoser]
public class SequencerIndexCost
{
    /// <summary>Ids per benchmark invocation.</summary>
    public const int IdsPerInvocation = 4096;

    /// <summary>The rate of the paced runs: about an idle server's <c>http-single</c>.</summary>
    public const int PacedIdsPerSecond = 8_000;

    /// <summary>Ids per indexed batch.</summary>
    public const int BatchSize = 16;

    private const string ProgramSubject = "program/load-program-1a2b3c4d-1";
    private const string BudgetSubject = "budget/load-budget-1a2b3c4d";

    private static readonly MerkleHash Root = new(new byte[MerkleHash.Size]);

    private string? _directory;
    private ILogEntryIndex? _index;
    private ulong _nextLeaf;
    private int _lookupCursor;

    /// <summary>Where the index is kept: <c>memory</c> (<see cref="InMemoryLogEntryIndex"/>) or <c>disk</c> (<see cref="SqliteLogEntryIndex"/>).</summary>
    [Params("memory", "disk")]
    public string Index { get; set; } = "disk";

    /// <summary>Ids indexed before the first iteration.</summary>
    [Params(200_000)]
    public int Existing { get; set; } = 200_000;

    /// <summary>Opens the index in a fresh directory and fills it with <see cref="Existing"/> ids.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_index, _directory) = OpenIndex(Index);
        _nextLeaf = 0;
        AddNew(_index, Existing, ref _nextLeaf);
        WaitUntilWritten(_index);
    }

    /// <summary>Closes the index and deletes its directory.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _index?.Dispose();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Per new id: a lookup that misses, then the id indexed (in batches of <see cref="BatchSize"/>); the writer drained at the end.</summary>
    [Benchmark(OperationsPerInvoke = IdsPerInvocation)]
    public void NewIds()
    {
        AddNew(_index!, IdsPerInvocation, ref _nextLeaf);
        WaitUntilWritten(_index!);
    }

    /// <summary>Per id: a lookup of an id already written.</summary>
    [Benchmark(OperationsPerInvoke = IdsPerInvocation)]
    public ulong KnownIds()
    {
        ulong sum = 0;
        for (int i = 0; i < IdsPerInvocation; i++)
        {
            _lookupCursor = (_lookupCursor + 7919) % Existing;
            if (!_index!.TryGetLeafIndex(Id(_lookupCursor), out ulong leaf))
            {
                throw new InvalidOperationException($"Id {_lookupCursor} is not indexed.");
            }

            sum += leaf;
        }

        return sum;
    }

    /// <summary>
    /// <c>index-cost N</c>: for each kind of index, fills it with <paramref name="existing"/> ids, then indexes
    /// <paramref name="ids"/> new ones as <see cref="NewIds"/> does and prints the process's CPU time (every thread: the
    /// writer's too) and the bytes allocated per id, and the wall time.
    /// </summary>
    public static int RunCpu(TextWriter output, int ids, int existing)
    {
        output.WriteLine($"| index | written | existing ids | new ids | CPU per new id (process) | allocated per new id | wall per new id |");
        output.WriteLine($"|---|---|---:|---:|---:|---:|---:|");
        (string Kind, TimeSpan? WriteInterval, bool Paced)[] runs =
        [
            ("memory", null, false), ("disk", TimeSpan.Zero, false), ("disk", null, false),
            ("memory", null, true), ("disk", TimeSpan.Zero, true), ("disk", null, true), ("disk", TimeSpan.FromMilliseconds(500), true),
        ];
        foreach ((string kind, TimeSpan? writeInterval, bool paced) in runs)
        {
            (ILogEntryIndex index, string? directory) = OpenIndex(kind, writeInterval);
            try
            {
                ulong leaf = 0;
                AddNew(index, existing, ref leaf);
                WaitUntilWritten(index);
                GC.Collect();
                using var process = Process.GetCurrentProcess();
                process.Refresh();
                TimeSpan cpuBefore = process.TotalProcessorTime;
                long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                long started = Stopwatch.GetTimestamp();
                AddNew(index, ids, ref leaf, paced);
                WaitUntilWritten(index);
                TimeSpan wall = Stopwatch.GetElapsedTime(started);
                process.Refresh();
                double cpuMicroseconds = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / ids;
                double allocated = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / ids;
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {kind} | {(kind == "memory" ? "-" : writeInterval == TimeSpan.Zero ? "at once" : $"gathered {(writeInterval ?? SqliteLogEntryIndex.DefaultWriteInterval).TotalMilliseconds:0} ms")}, {(paced ? $"paced ({PacedIdsPerSecond:N0} ids/s)" : "flat out")} | {existing:N0} | {ids:N0} | {cpuMicroseconds:F2} µs | {allocated:F0} B | {wall.TotalMicroseconds / ids:F2} µs |"));
            }
            finally
            {
                index.Dispose();
                if (directory is not null)
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }

        return 0;
    }

    private static (ILogEntryIndex Index, string? Directory) OpenIndex(string kind, TimeSpan? writeInterval = null)
    {
        if (kind == "memory")
        {
            var inMemory = new InMemoryLogEntryIndex();
            inMemory.Open();
            return (inMemory, null);
        }

        string directory = Path.Combine(Path.GetTempPath(), "oversight-index-cost-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var onDisk = new SqliteLogEntryIndex(Path.Combine(directory, SqliteLogEntryIndex.FileName), NullLogger<SqliteLogEntryIndex>.Instance, writeInterval: writeInterval);
        onDisk.Open();
        return (onDisk, directory);
    }

    /// <summary>Ids shaped like the load harness's.</summary>
    private static string Id(int i) => LoadShapedDisbursements.Id(i);

    /// <summary>Looks up and indexes <paramref name="count"/> new ids from <paramref name="nextLeaf"/>, in batches, as the sequencer does.</summary>
    /// <remarks>
    /// <paramref name="paced"/>: a batch every <see cref="BatchSize"/> / <see cref="PacedIdsPerSecond"/> seconds, the rhythm
    /// of an idle server under <c>http-single</c>, where the writer is not kept busy; otherwise as fast as it can.
    /// </remarks>
    private static void AddNew(ILogEntryIndex index, int count, ref ulong nextLeaf, bool paced = false)
    {
        long started = Stopwatch.GetTimestamp();
        int added = 0;
        string[] subjects = [ProgramSubject, BudgetSubject];
        var batch = new List<IndexedLogEntry>(BatchSize);
        for (int i = 0; i < count; i++)
        {
            string id = Id((int)nextLeaf);
            if (index.TryGetLeafIndex(id, out _))
            {
                throw new InvalidOperationException($"A new id {id} was found.");
            }

            batch.Add(new IndexedLogEntry(id, [.. subjects], nextLeaf));
            nextLeaf++;
            if (batch.Count == BatchSize || i == count - 1)
            {
                index.Add([.. batch], new LogIndexPosition(nextLeaf, Root));
                added += batch.Count;
                batch.Clear();
                if (paced)
                {
                    TimeSpan due = TimeSpan.FromSeconds((double)added / PacedIdsPerSecond) - Stopwatch.GetElapsedTime(started);
                    if (due > TimeSpan.Zero)
                    {
                        Thread.Sleep(due);
                    }
                }
            }
        }
    }

    private static void WaitUntilWritten(ILogEntryIndex index)
    {
        if (index is SqliteLogEntryIndex onDisk && !onDisk.WaitUntilWritten(TimeSpan.FromMinutes(5)))
        {
            throw new TimeoutException("The index's writer did not catch up.");
        }
    }
}
