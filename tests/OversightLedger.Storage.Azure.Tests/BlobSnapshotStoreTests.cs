using System.Security.Cryptography;
using Azure.Storage.Blobs;
using OversightLedger.Storage.Azure.Tests.TestSupport;

namespace OversightLedger.Storage.Azure.Tests;

/// <summary>
/// Grain state snapshots on a real Azurite (issue 17): a missing one reads as null (the container too), one written is
/// read back by any instance, a new one replaces it whole, and concurrent writers leave one of their snapshots, whole.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class BlobSnapshotStoreTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_missing_snapshot_or_container_reads_as_null()
    {
        string container = AzuriteFixture.NewContainerName();
        Assert.Null(await Store(container).ReadAsync("program/p-1", Ct));
        await Store(container).WriteAsync("program/p-2", new byte[] { 1, 2, 3 }, Ct);
        Assert.Null(await Store(container).ReadAsync("program/p-1", Ct));
    }

    [Fact]
    public async Task A_snapshot_is_read_back_by_another_instance_and_a_new_one_replaces_it_whole()
    {
        string container = AzuriteFixture.NewContainerName();
        byte[] first = RandomNumberGenerator.GetBytes(300_000);
        byte[] second = RandomNumberGenerator.GetBytes(1_000);

        await Store(container).WriteAsync("budget/b%2F1", first, Ct);
        Assert.Equal(first, await Store(container).ReadAsync("budget/b%2F1", Ct));
        await Store(container).WriteAsync("budget/b%2F1", second, Ct);

        Assert.Equal(second, await Store(container).ReadAsync("budget/b%2F1", Ct));
        Assert.True(await new BlobContainerClient(azurite.ConnectionString, container).GetBlobClient("budget/b%2F1.snapshot").ExistsAsync(Ct));
    }

    [Fact]
    public async Task Concurrent_writers_leave_one_whole_snapshot()
    {
        string container = AzuriteFixture.NewContainerName();
        byte[][] snapshots = [.. Enumerable.Range(0, 6).Select(_ => RandomNumberGenerator.GetBytes(200_000))];

        await Task.WhenAll(snapshots.Select(snapshot => Store(container).WriteAsync("program/p-1", snapshot, Ct)));

        byte[] stored = (await Store(container).ReadAsync("program/p-1", Ct))!;
        Assert.Contains(snapshots, snapshot => snapshot.AsSpan().SequenceEqual(stored));
    }

    [Fact]
    public async Task Closed_period_copies_sit_beside_the_snapshots_one_blob_per_digest_name()
    {
        // Issue 17, item 2: the program grain keeps closed periods' totals in the same container, named by program, period and digest.
        string container = AzuriteFixture.NewContainerName();
        string first = $"program-periods/p%2F1/2026-09-{new string('a', 64)}";
        string second = $"program-periods/p%2F1/2026-09-{new string('b', 64)}";
        byte[] totals = RandomNumberGenerator.GetBytes(40_000);
        await Store(container).WriteAsync("program/p%2F1", new byte[] { 1 }, Ct);
        await Store(container).WriteAsync(first, totals, Ct);
        await Store(container).WriteAsync(second, new byte[] { 3, 3, 3 }, Ct);

        Assert.Equal(new byte[] { 1 }, await Store(container).ReadAsync("program/p%2F1", Ct));
        Assert.Equal(totals, await Store(container).ReadAsync(first, Ct));
        Assert.Equal(new byte[] { 3, 3, 3 }, await Store(container).ReadAsync(second, Ct));
        Assert.Null(await Store(container).ReadAsync($"program-periods/p%2F1/2026-08-{new string('a', 64)}", Ct));
        Assert.True(await new BlobContainerClient(azurite.ConnectionString, container).GetBlobClient(first + ".snapshot").ExistsAsync(Ct));
    }

    [Fact]
    public async Task A_streamed_snapshot_of_several_blocks_is_committed_whole_and_read_back_even_into_a_new_container()
    {
        string container = AzuriteFixture.NewContainerName();
        byte[] content = RandomNumberGenerator.GetBytes(9_500_000); // three blocks, the last shorter
        await Store(container).WriteStreamedAsync("program-base/p%2F1/a", (stream, cancel) => Task.Run(() =>
        {
            for (int at = 0; at < content.Length; at += 1_000_003)
            {
                stream.Write(content.AsSpan(at, Math.Min(1_000_003, content.Length - at))); // synchronous, as a base is written
            }
        }, cancel), Ct);

        Assert.Equal(content, await Store(container).ReadAsync("program-base/p%2F1/a", Ct));
        await Store(container).WriteStreamedAsync("program-base/p%2F1/a", (stream, cancel) => stream.WriteAsync(new byte[] { 4, 5 }, cancel).AsTask(), Ct);
        Assert.Equal(new byte[] { 4, 5 }, await Store(container).ReadAsync("program-base/p%2F1/a", Ct));
    }

    [Fact]
    public async Task A_streamed_write_whose_writer_fails_after_staging_blocks_leaves_the_previous_snapshot()
    {
        string container = AzuriteFixture.NewContainerName();
        byte[] previous = RandomNumberGenerator.GetBytes(1_000);
        await Store(container).WriteAsync("program-base/p%2F1/a", previous, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store(container).WriteStreamedAsync("program-base/p%2F1/a", async (stream, cancel) =>
        {
            await stream.WriteAsync(RandomNumberGenerator.GetBytes(9_000_000), cancel); // two blocks staged
            throw new InvalidOperationException("the writer failed half-way");
        }, Ct));

        Assert.Equal(previous, await Store(container).ReadAsync("program-base/p%2F1/a", Ct));
        Assert.Null(await Store(container).ReadAsync("program-base/p%2F1/b", Ct));
    }

    [Fact]
    public async Task Concurrent_streamed_writers_leave_one_whole_snapshot()
    {
        // A commit drops the blob's other uncommitted blocks, so a writer overtaken by another may fail: never half-written.
        string container = AzuriteFixture.NewContainerName();
        await Store(container).WriteAsync("program-base/p%2F1/a", new byte[] { 1 }, Ct);
        byte[][] snapshots = [.. Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetBytes(5_000_000))];

        bool[] written = await Task.WhenAll(snapshots.Select(async snapshot =>
        {
            try
            {
                await Store(container).WriteStreamedAsync("program-base/p%2F1/a", (stream, cancel) => stream.WriteAsync(snapshot, cancel).AsTask(), Ct);
                return true;
            }
            catch (global::Azure.RequestFailedException)
            {
                return false;
            }
        }));

        Assert.Contains(true, written);
        byte[] stored = (await Store(container).ReadAsync("program-base/p%2F1/a", Ct))!;
        Assert.Contains(snapshots, snapshot => snapshot.AsSpan().SequenceEqual(stored));
    }

    private BlobSnapshotStore Store(string container) => new(new BlobContainerClient(azurite.ConnectionString, container));
}
