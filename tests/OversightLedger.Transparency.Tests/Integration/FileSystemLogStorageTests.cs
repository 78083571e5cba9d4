using System.Text;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tests.TestSupport;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Tests.Integration;

public class FileSystemLogStorageTests
{
    [Fact]
    public async Task Each_commit_renames_a_new_file_over_the_checkpoint_and_leaves_no_other_file_in_the_root()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();

        // What an earlier version left: standby files it rewrote in place and swapped with the checkpoint.
        await File.WriteAllBytesAsync(Path.Combine(directory.Path, ".checkpoint.standby.3"), Checkpoint(99), ct);
        var storage = new FileSystemLogStorage(directory.Path);

        for (int i = 1; i <= 20; i++)
        {
            await storage.CommitAsync([], Checkpoint(i), ct);

            Assert.Equal(Checkpoint(i), await storage.ReadAsync(TilePath.Checkpoint, ct));
        }

        Assert.Equal(["checkpoint"], Directory.GetFiles(directory.Path).Select(Path.GetFileName));
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
    public async Task A_reader_holding_an_old_checkpoint_open_still_reads_it_whole_while_commits_go_on()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemLogStorage(directory.Path);
        await storage.CommitAsync([], Checkpoint(1), ct);

        // A slow reader (preempted on a loaded machine, or a static file server streaming to a slow client) opened the
        // checkpoint and has not read it yet: whatever the commits meanwhile, the file it opened is never written again.
        using var held = new FileStream(Path.Combine(directory.Path, "checkpoint"), FileMode.Open, FileAccess.Read, FileShare.Read);
        for (int i = 2; i <= 20; i++)
        {
            await storage.CommitAsync([], Checkpoint(i), ct);
        }

        using var heldContent = new MemoryStream();
        await held.CopyToAsync(heldContent, ct);
        Assert.Equal(Checkpoint(1), heldContent.ToArray());
        Assert.Equal(Checkpoint(20), await storage.ReadAsync(TilePath.Checkpoint, ct));
    }

    [Fact]
    public async Task A_log_written_by_several_instances_opens_again_from_its_latest_checkpoint()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        for (int i = 1; i <= 12; i++)
        {
            // A new instance each time, as after a restart.
            await new FileSystemLogStorage(directory.Path).CommitAsync([], Checkpoint(i), ct);
        }

        Assert.Equal(Checkpoint(12), await new FileSystemLogStorage(directory.Path).ReadAsync(TilePath.Checkpoint, ct));
    }

    /// <summary>A checkpoint-like text whose length varies with <paramref name="n"/>, so a torn read cannot pass for a whole one.</summary>
    internal static byte[] Checkpoint(long n) =>
        Encoding.UTF8.GetBytes($"oversightledger.test/log\n{n}\n{new string('x', 40 + (int)(n % 37))}\n\n— signature {n}\n");
}
