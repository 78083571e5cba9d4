
namespace OversightLedger.Storage.Posix.Tests;

/// <summary>
/// Grain snapshots as files: <c>&lt;kind&gt;/&lt;id&gt;.snapshot</c> under the directory, replaced whole, missing as null; a name
/// that would leave the directory is refused before anything is read or written.
/// </summary>
public sealed class FileSystemGrainSnapshotStoreTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Snapshots => Path.Combine(_directory.Path, "snapshots");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_snapshot_is_replaced_whole_and_read_back_by_another_instance()
    {
        var store = new FileSystemGrainSnapshotStore(Snapshots);
        await store.WriteAsync("budget/b-1", new byte[] { 1, 2, 3, 4, 5 }, Ct);
        await store.WriteAsync("budget/b-1", new byte[] { 9, 8 }, Ct);

        Assert.Equal(new byte[] { 9, 8 }, await new FileSystemGrainSnapshotStore(Snapshots).ReadAsync("budget/b-1", Ct));
        Assert.Equal(["b-1.snapshot"], Directory.EnumerateFiles(Path.Combine(Snapshots, "budget")).Select(path => Path.GetFileName(path)));
    }

    [Fact]
    public async Task A_streamed_snapshot_is_written_in_pieces_and_read_back_whole()
    {
        var store = new FileSystemGrainSnapshotStore(Snapshots);
        byte[] content = System.Security.Cryptography.RandomNumberGenerator.GetBytes(3_000_000);
        await store.WriteAsync("program-base/p-1/a", new byte[] { 7 }, Ct);

        await store.WriteStreamedAsync("program-base/p-1/a", async (stream, cancel) =>
        {
            for (int at = 0; at < content.Length; at += 700_001)
            {
                await stream.WriteAsync(content.AsMemory(at, Math.Min(700_001, content.Length - at)), cancel);
            }
        }, Ct);

        Assert.Equal(content, await new FileSystemGrainSnapshotStore(Snapshots).ReadAsync("program-base/p-1/a", Ct));
        Assert.Equal(["a.snapshot"], Directory.EnumerateFiles(Path.Combine(Snapshots, "program-base", "p-1")).Select(path => Path.GetFileName(path)));
    }

    [Fact]
    public async Task A_streamed_write_whose_writer_fails_leaves_the_previous_snapshot_and_no_temporary_file()
    {
        var store = new FileSystemGrainSnapshotStore(Snapshots);
        await store.WriteAsync("program-base/p-1/a", new byte[] { 1, 2, 3 }, Ct);

        InvalidOperationException failed = await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteStreamedAsync("program-base/p-1/a", async (stream, cancel) =>
        {
            await stream.WriteAsync(new byte[200_000], cancel);
            throw new InvalidOperationException("the writer failed half-way");
        }, Ct));

        Assert.Equal("the writer failed half-way", failed.Message);
        Assert.Equal(new byte[] { 1, 2, 3 }, await store.ReadAsync("program-base/p-1/a", Ct));
        Assert.Equal(["a.snapshot"], Directory.EnumerateFiles(Path.Combine(Snapshots, "program-base", "p-1")).Select(path => Path.GetFileName(path)));
    }

    [Fact]
    public async Task A_snapshot_never_written_reads_as_null_even_without_the_directory()
    {
        Assert.Null(await new FileSystemGrainSnapshotStore(Snapshots).ReadAsync("program/p-1", Ct));

        await new FileSystemGrainSnapshotStore(Snapshots).WriteAsync("budget/b-1", new byte[] { 1 }, Ct);
        Assert.Null(await new FileSystemGrainSnapshotStore(Snapshots).ReadAsync("budget/b-2", Ct));
    }

    [Fact]
    public async Task Closed_period_copies_sit_beside_the_snapshots_one_file_per_digest_name()
    {
        // Issue 17, item 2: the program grain keeps closed periods' totals in the same store, named by program, period and digest.
        var store = new FileSystemGrainSnapshotStore(Snapshots);
        string first = $"program-periods/p%2F1/2026-09-{new string('a', 64)}";
        string second = $"program-periods/p%2F1/2026-09-{new string('b', 64)}";
        await store.WriteAsync("program/p%2F1", new byte[] { 1 }, Ct);
        await store.WriteAsync(first, new byte[] { 2, 2 }, Ct);
        await store.WriteAsync(second, new byte[] { 3, 3, 3 }, Ct);

        var other = new FileSystemGrainSnapshotStore(Snapshots);
        Assert.Equal(new byte[] { 1 }, await other.ReadAsync("program/p%2F1", Ct));
        Assert.Equal(new byte[] { 2, 2 }, await other.ReadAsync(first, Ct));
        Assert.Equal(new byte[] { 3, 3, 3 }, await other.ReadAsync(second, Ct));
        Assert.Null(await other.ReadAsync($"program-periods/p%2F1/2026-08-{new string('a', 64)}", Ct));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(Snapshots, "program-periods", "p%2F1"), "2026-09-*.snapshot").Length);
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("budget/../../escaped")]
    public async Task A_name_that_leaves_the_directory_is_refused_and_nothing_is_written(string name)
    {
        var store = new FileSystemGrainSnapshotStore(Snapshots);

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(name, new byte[] { 1 }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReadAsync(name, Ct));
        Assert.False(File.Exists(Path.Combine(_directory.Path, "escaped.snapshot")));
        Assert.False(Directory.Exists(Snapshots));
    }
}
