using System.Diagnostics;
using System.Globalization;
using System.Text;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tests.TestSupport;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Tests.Integration;

/// <summary>
/// Readers of a file log against rapid commits on a loaded machine: what they read as the checkpoint is always one whole
/// checkpoint that was committed, never empty, never torn, never one whose tiles are not there yet, never older than one
/// the reader saw before. Runs <see cref="DefaultSeconds"/> seconds; set <c>OVERSIGHT_CHECKPOINT_STRESS_SECONDS</c> to
/// run longer.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public class CheckpointReadStressTests
{
    private const int DefaultSeconds = 20;
    private const int ReaderThreads = 4;
    private const string Separator = "\u001e";

    [Fact]
    public async Task Readers_in_threads_and_in_another_process_see_only_whole_committed_checkpoints_while_a_loaded_machine_commits_rapidly()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemLogStorage(directory.Path);
        await storage.CommitAsync([TileOf(0)], Checkpoint(0), ct);
        TimeSpan duration = TimeSpan.FromSeconds(
            int.TryParse(Environment.GetEnvironmentVariable("OVERSIGHT_CHECKPOINT_STRESS_SECONDS"), out int seconds) && seconds > 0 ? seconds : DefaultSeconds);

        long started = 0;   // the highest checkpoint whose commit has begun
        long committed = 0; // the highest checkpoint whose commit has returned
        using var stop = new CancellationTokenSource();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();

        // The load: every core busy besides the test's own threads, so readers are preempted between opening the
        // checkpoint and reading it while commits go on.
        Thread[] burners = [.. Enumerable.Range(0, Environment.ProcessorCount).Select(_ => StartThread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Thread.SpinWait(1000);
            }
        }))];

        long[] reads = new long[ReaderThreads];
        Thread[] readers = [.. Enumerable.Range(0, ReaderThreads).Select(r => StartThread(() =>
        {
            // Odd readers read through their own instance, as another reader of the directory (the CLI) does.
            FileSystemLogStorage reader = r % 2 == 0 ? storage : new FileSystemLogStorage(directory.Path);
            long lastSeen = 0;
            while (!stop.IsCancellationRequested && failures.IsEmpty)
            {
                long committedBefore = Volatile.Read(ref committed);
                byte[]? read = reader.ReadAsync(TilePath.Checkpoint, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                long startedAfter = Volatile.Read(ref started);
                string? wrong = Judge(read, committedBefore, startedAfter, lastSeen, out long seen);
                if (wrong is null && !File.Exists(Path.Combine(directory.Path, TileOf(seen).Path)))
                {
                    wrong = $"checkpoint {seen} was readable before its tile was written";
                }

                if (wrong is not null)
                {
                    failures.Enqueue($"reader {r}, read {reads[r]}: {wrong}");
                    return;
                }

                lastSeen = seen;
                reads[r]++;
            }
        }))];

        // A reader in another process, which shares nothing with this one but the directory.
        using Process? outside = OperatingSystem.IsLinux() ? StartOutsideReader(directory.Path) : null;
        Task<string> outsideOutput = outside?.StandardOutput.ReadToEndAsync(ct) ?? Task.FromResult(string.Empty);

        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed < duration && failures.IsEmpty)
            {
                long next = Volatile.Read(ref started) + 1;
                Volatile.Write(ref started, next);
                // Not fsynced (as the server's write-behind writes the directory), so commits come hundreds of times faster and
                // a reader preempted for one time slice misses many of them; what a reader sees does not depend on fsync.
                await storage.WriteFilesAsync([(TileOf(next).Path, TileOf(next).Data)], Checkpoint(next), durable: false, ct);
                Volatile.Write(ref committed, next);
            }
        }
        finally
        {
            await File.WriteAllTextAsync(Path.Combine(directory.Path, "stop"), string.Empty, CancellationToken.None);
            await stop.CancelAsync();
            foreach (Thread thread in readers.Concat(burners))
            {
                thread.Join();
            }
        }

        int outsideReads = 0;
        if (outside is not null)
        {
            await outside.WaitForExitAsync(ct);
            long lastSeen = 0;
            string[] records = (await outsideOutput).Split(Separator);
            for (int i = 0; i < records.Length - 1; i++)
            {
                string? wrong = Judge(Encoding.UTF8.GetBytes(records[i]), 0, committed, lastSeen, out lastSeen);
                if (wrong is not null)
                {
                    failures.Enqueue($"the reader in another process, read {i} of {records.Length - 1}: {wrong}");
                    break;
                }
            }

            Assert.True(records.Length > 100, $"The reader in another process read only {records.Length - 1} checkpoints.");
            outsideReads = records.Length - 1;
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{committed} commits in {duration}; reads per reader thread: {string.Join(", ", reads)}; reads by the other process: {outsideReads}");

        Assert.True(failures.IsEmpty, string.Join("\n", failures));
        Assert.True(committed > 100, $"Only {committed} commits in {duration}.");
        Assert.All(reads, count => Assert.True(count > 100, $"Reads per reader: {string.Join(", ", reads)}"));
        Assert.Equal(Checkpoint(committed), await storage.ReadAsync(TilePath.Checkpoint, ct));
    }

    /// <summary>Why <paramref name="read"/> is not a checkpoint a reader may see, or null when it is (its number in <paramref name="seen"/>).</summary>
    private static string? Judge(byte[]? read, long committedBefore, long startedAfter, long lastSeen, out long seen)
    {
        seen = -1;
        if (read is null || read.Length == 0)
        {
            return read is null ? "no checkpoint" : "an empty checkpoint";
        }

        string[] lines = Encoding.UTF8.GetString(read).Split('\n');
        if (lines.Length < 2 || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out seen) || !read.AsSpan().SequenceEqual(Checkpoint(seen)))
        {
            return $"not a whole checkpoint: \"{Encoding.UTF8.GetString(read)}\"";
        }

        return seen < committedBefore ? $"checkpoint {seen} after commit {committedBefore} had returned"
            : seen > startedAfter ? $"checkpoint {seen} before its commit began (the last begun: {startedAfter})"
            : seen < lastSeen ? $"checkpoint {seen} after checkpoint {lastSeen}"
            : null;
    }

    /// <summary>A shell reading the checkpoint with <c>cat</c> until the test leaves a <c>stop</c> file, checkpoints separated by RS.</summary>
    private static Process StartOutsideReader(string directory)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("while [ ! -e stop ]; do cat checkpoint; printf '\\036'; done");
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start /bin/sh.");
    }

    private static Thread StartThread(Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true };
        thread.Start();
        return thread;
    }

    private static TileFile TileOf(long n) => new(new TileAddress(0, (ulong)n, TileLayout.Width), new byte[32]);

    private static byte[] Checkpoint(long n) => FileSystemLogStorageTests.Checkpoint(n);
}
