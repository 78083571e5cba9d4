using System.Text;
using OversightLedger.Storage.Azure.Tests.TestSupport;
using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Storage.Azure.Tests;

[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class BlobLogStorageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_commit_reads_back_and_what_is_missing_reads_as_null()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string container = AzuriteFixture.NewContainerName();
        BlobLogStorage storage = azurite.Storage(container);
        Assert.Null(await storage.ReadAsync(TilePath.Checkpoint, ct));

        byte[] tile = [.. Enumerable.Range(0, 64).Select(i => (byte)i)];
        byte[] bundle = EntryBundle.Encode([Encoding.UTF8.GetBytes("one"), Encoding.UTF8.GetBytes("two")]);
        byte[] checkpoint = Encoding.UTF8.GetBytes("test/log\n2\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        await storage.CommitAsync(
            [new TileFile(new TileAddress(0, 0, 2), tile), new TileFile(new TileAddress(TileAddress.EntriesLevel, 0, 2), bundle)], checkpoint, ct);

        BlobLogStorage reader = azurite.Storage(container);
        Assert.Equal(tile, await reader.ReadAsync("tile/0/000.p/2", ct));
        Assert.Equal(bundle, await reader.ReadAsync("tile/entries/000.p/2", ct));
        Assert.Equal(checkpoint, await reader.ReadAsync(TilePath.Checkpoint, ct));
        Assert.Null(await reader.ReadAsync("tile/0/000", ct));
        Assert.EndsWith("/devstoreaccount1/" + container, reader.Location, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(async () => await reader.ReadAsync("tile/../checkpoint", ct));
    }

    [Theory]
    [InlineData("tile/0/000")]
    [InlineData("tile/entries/000")]
    [InlineData("tile/1/000.p/1")]
    public async Task A_tile_under_the_checkpoint_with_other_bytes_is_refused_as_a_fork_and_left_unchanged(string path)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string container = AzuriteFixture.NewContainerName();
        TileLogWriter writer = await TileLogWriter.CreateAsync(azurite.Storage(container), TestLogKey.Signer, ct);
        await writer.AppendAsync(TestLogKey.Entries("a", 0, 300), ct);
        BlobLogStorage log = azurite.Storage(container);
        byte[] storedTile = (await log.ReadAsync(path, ct))!;
        byte[] storedCheckpoint = (await log.ReadAsync(TilePath.Checkpoint, ct))!;

        // A second writer, holding the current checkpoint, tries to put other bytes at a path the checkpoint covers.
        BlobLogStorage other = azurite.Storage(container);
        await other.ReadAsync(TilePath.Checkpoint, ct);
        byte[] forged = [.. storedTile];
        forged[^1] ^= 0xFF;
        byte[] forgedCheckpoint = TestLogKey.Signer.Sign(301, writer.Root);
        LogForkException fork = await Assert.ThrowsAsync<LogForkException>(() =>
            other.CommitAsync([new TileFile(TilePath.Parse(path), forged)], forgedCheckpoint, ct));

        Assert.Equal(path, fork.Path);
        Assert.Equal(storedTile, await log.ReadAsync(path, ct));
        Assert.Equal(storedCheckpoint, await log.ReadAsync(TilePath.Checkpoint, ct));
        await TileLogVerifier.VerifyAsync(log, writer.Size, writer.Root, cancellationToken: ct);
    }

    [Fact]
    public async Task Uploading_identical_tiles_and_checkpoint_again_is_accepted()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string container = AzuriteFixture.NewContainerName();
        TileLogWriter writer = await TileLogWriter.CreateAsync(azurite.Storage(container), TestLogKey.Signer, ct);
        LogAppendResult appended = await writer.AppendAsync(TestLogKey.Entries("a", 0, 300), ct);
        BlobLogStorage log = azurite.Storage(container);
        string[] paths = ["tile/0/000", "tile/entries/000", "tile/0/001.p/44", "tile/entries/001.p/44", "tile/1/000.p/1"];
        var tiles = new List<TileFile>();
        foreach (string path in paths)
        {
            tiles.Add(new TileFile(TilePath.Parse(path), (await log.ReadAsync(path, ct))!));
        }

        // A retry that never read the checkpoint (as after a lost response): every upload meets identical bytes.
        BlobLogStorage retry = azurite.Storage(container);
        await retry.CommitAsync(tiles, appended.Checkpoint, ct);

        foreach (TileFile tile in tiles)
        {
            Assert.Equal(tile.Data, await log.ReadAsync(tile.Path, ct));
        }

        Assert.Equal(appended.Checkpoint, await log.ReadAsync(TilePath.Checkpoint, ct));

        // The retrying storage now holds the checkpoint's version and can continue the log.
        TileLogWriter continued = await TileLogWriter.OpenAsync(retry, TestLogKey.Signer, appended.TreeSize, appended.Root, ct);
        LogAppendResult next = await continued.AppendAsync(TestLogKey.Entries("a", 300, 10), ct);
        await TileLogVerifier.VerifyAsync(log, next.TreeSize, next.Root, cancellationToken: ct);
    }

    [Fact]
    public async Task A_writer_whose_checkpoint_was_moved_gets_a_conflict_and_the_checkpoint_stays()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string container = AzuriteFixture.NewContainerName();
        await TileLogWriter.CreateAsync(azurite.Storage(container), TestLogKey.Signer, ct);
        (TileLogWriter first, _) = await TestLogKey.OpenAsync(azurite.Storage(container), ct);
        BlobLogStorage secondStorage = azurite.Storage(container);
        (TileLogWriter second, _) = await TestLogKey.OpenAsync(secondStorage, ct);

        LogAppendResult won = await first.AppendAsync(TestLogKey.Entries("first", 0, 5), ct);
        await Assert.ThrowsAsync<LogCheckpointConflictException>(() => second.AppendAsync(TestLogKey.Entries("second", 0, 3), ct));

        BlobLogStorage log = azurite.Storage(container);
        Assert.Equal(won.Checkpoint, await log.ReadAsync(TilePath.Checkpoint, ct));
        await TileLogVerifier.VerifyAsync(log, won.TreeSize, won.Root, cancellationToken: ct);

        // The same storage, reopened from the checkpoint it now reads, continues the winner's tree.
        (TileLogWriter reopened, _) = await TestLogKey.OpenAsync(secondStorage, ct);
        Assert.Equal(won.Root, reopened.Root);
        LogAppendResult next = await reopened.AppendAsync(TestLogKey.Entries("second", 0, 3), ct);
        Assert.Equal((5UL, 8UL), (next.FirstIndex, next.TreeSize));
        await AssertCheckpointAndVerifyAsync(log, next, ct);
    }

    [Fact]
    public async Task Tiles_left_by_a_commit_that_lost_do_not_block_the_winner()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string container = AzuriteFixture.NewContainerName();
        TileLogWriter creator = await TileLogWriter.CreateAsync(azurite.Storage(container), TestLogKey.Signer, ct);
        await creator.AppendAsync(TestLogKey.Entries("base", 0, 250), ct);
        (TileLogWriter loser, _) = await TestLogKey.OpenAsync(azurite.Storage(container), ct);
        (TileLogWriter winner, _) = await TestLogKey.OpenAsync(azurite.Storage(container), ct);

        // The winner commits 3 entries; the loser then writes its 10 (completing tile 0 with its own entries,
        // and a level-1 tile) but cannot publish its checkpoint: its full tiles stay behind, covered by no checkpoint.
        await winner.AppendAsync(TestLogKey.Entries("winner", 0, 3), ct);
        await Assert.ThrowsAsync<LogCheckpointConflictException>(() => loser.AppendAsync(TestLogKey.Entries("loser", 0, 10), ct));
        BlobLogStorage log = azurite.Storage(container);
        List<byte[]> leftover = await TestLogKey.ReadEntriesAsync(log, 256, 250, 6, ct);
        Assert.All(leftover, entry => Assert.Equal("loser", Writer(entry)));

        // The winner goes on past the tile boundary: the leftovers are replaced, the log verifies.
        LogAppendResult next = await winner.AppendAsync(TestLogKey.Entries("winner", 3, 10), ct);
        Assert.Equal(263UL, next.TreeSize);
        await TileLogVerifier.VerifyAsync(log, next.TreeSize, next.Root, cancellationToken: ct);
        List<byte[]> entries = await TestLogKey.ReadEntriesAsync(log, next.TreeSize, 250, 13, ct);
        Assert.All(entries, entry => Assert.Equal("winner", Writer(entry)));
    }

    private static string Writer(byte[] entry) =>
        System.Text.Json.JsonDocument.Parse(entry).RootElement.GetProperty("writer").GetString()!;

    private static async Task AssertCheckpointAndVerifyAsync(BlobLogStorage log, LogAppendResult result, CancellationToken ct)
    {
        Transparency.Checkpoints.Checkpoint stored = await TestLogKey.ReadCheckpointAsync(log, ct);
        Assert.Equal((result.TreeSize, result.Root), (stored.Size, stored.Root));
        await TileLogVerifier.VerifyAsync(log, result.TreeSize, result.Root, cancellationToken: ct);
    }
}
