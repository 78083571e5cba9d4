
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
    public async Task A_snapshot_never_written_reads_as_null_even_without_the_directory()
    {
        Assert.Null(await new FileSystemGrainSnapshotStore(Snapshots).ReadAsync("program/p-1", Ct));

        await new FileSystemGrainSnapshotStore(Snapshots).WriteAsync("budget/b-1", new byte[] { 1 }, Ct);
        Assert.Null(await new FileSystemGrainSnapshotStore(Snapshots).ReadAsync("budget/b-2", Ct));
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
