using System.Text;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tests.TestSupport;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Tests.Integration;

public class FileSystemLogStorageTests
{
    [Fact]
    public async Task Each_commit_swaps_the_checkpoint_with_a_prepared_file_so_the_previous_one_is_kept_and_no_file_piles_up()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemLogStorage(directory.Path);

        for (int i = 1; i <= 20; i++)
        {
            await storage.CommitAsync([], Checkpoint(i), ct);

            Assert.Equal(Checkpoint(i), await storage.ReadAsync(TilePath.Checkpoint, ct));
            if (OperatingSystem.IsLinux() && i > 1)
            {
                // Swapped, not renamed over: the file that was prepared now holds the checkpoint it replaced.
                string swappedOut = Path.Combine(directory.Path, $".checkpoint.standby.{(i - 1) % 8}");
                Assert.Equal(Checkpoint(i - 1), await File.ReadAllBytesAsync(swappedOut, ct));
            }
        }

        string[] files = [.. Directory.GetFiles(directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.DoesNotContain(files, name => name!.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.Contains("checkpoint", files);
        Assert.True(files.Length <= 9, $"Files left in the log's root: {string.Join(", ", files)}");
    }

    [Fact]
    public async Task A_reader_never_sees_part_of_a_checkpoint_while_commits_replace_it()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemLogStorage(directory.Path);
        await storage.CommitAsync([], Checkpoint(0), ct);
        HashSet<string> written = [Encoding.UTF8.GetString(Checkpoint(0))];
        for (int i = 1; i <= 300; i++)
        {
            written.Add(Encoding.UTF8.GetString(Checkpoint(i)));
        }

        using var done = new CancellationTokenSource();
        Task<int> reading = Task.Run(async () =>
        {
            int reads = 0;
            while (!done.IsCancellationRequested)
            {
                byte[] read = (await storage.ReadAsync(TilePath.Checkpoint, ct))!;
                Assert.Contains(Encoding.UTF8.GetString(read), written);
                reads++;
            }

            return reads;
        }, ct);

        for (int i = 1; i <= 300; i++)
        {
            await storage.CommitAsync([], Checkpoint(i), ct);
        }

        await done.CancelAsync();
        Assert.True(await reading > 0);
        Assert.Equal(Checkpoint(300), await storage.ReadAsync(TilePath.Checkpoint, ct));
    }

    [Fact]
    public async Task Commits_go_on_while_a_reader_keeps_an_old_checkpoint_open()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemLogStorage(directory.Path);
        await storage.CommitAsync([], Checkpoint(1), ct);

        // A slow reader (a static file server, say) opened the checkpoint as readers do and has not closed it; the file
        // it holds becomes a standby file and is rewritten by a later commit.
        using var held = new FileStream(Path.Combine(directory.Path, "checkpoint"), FileMode.Open, FileAccess.Read, FileShare.Read);
        for (int i = 2; i <= 20; i++)
        {
            await storage.CommitAsync([], Checkpoint(i), ct);
        }

        Assert.Equal(Checkpoint(20), await storage.ReadAsync(TilePath.Checkpoint, ct));
    }

    [Fact]
    public async Task A_log_written_with_swapped_checkpoints_opens_again_from_its_latest_checkpoint()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        for (int i = 1; i <= 12; i++)
        {
            // A new instance each time, as after a restart: it starts its standby files over.
            await new FileSystemLogStorage(directory.Path).CommitAsync([], Checkpoint(i), ct);
        }

        Assert.Equal(Checkpoint(12), await new FileSystemLogStorage(directory.Path).ReadAsync(TilePath.Checkpoint, ct));
    }

    /// <summary>A checkpoint-like text whose length varies with <paramref name="n"/>, so a torn read cannot pass for a whole one.</summary>
    private static byte[] Checkpoint(int n) =>
        Encoding.UTF8.GetBytes($"oversightledger.test/log\n{n}\n{new string('x', 40 + (n % 37))}\n\n— signature {n}\n");
}
