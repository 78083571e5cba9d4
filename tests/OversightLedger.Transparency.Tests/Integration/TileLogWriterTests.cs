using System.Text;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tests.TestSupport;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Transparency.Tests.Integration;

public class TileLogWriterTests
{
    [Theory]
    [InlineData(1500)]
    [InlineData(256)]
    [InlineData(7)]
    [InlineData(100)]
    public async Task Appending_gos_entries_writes_gos_tiles_byte_for_byte(int batchSize)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemLogStorage(directory.Path);
        TileLogWriter writer = await TileLogWriter.CreateAsync(storage, new UnsignedCheckpointSigner(), ct);
        List<byte[]> entries = GoTlog.Entries("log-1500");
        foreach (byte[][] batch in entries.Chunk(batchSize))
        {
            await writer.AppendAsync([.. batch.Select(e => (ReadOnlyMemory<byte>)e)], ct);
        }

        (ulong size, MerkleHash root) = GoTlog.TreeHead("log-1500");
        Assert.Equal((size, root), (writer.Size, writer.Root));
        foreach (string path in RequiredTilePaths(size))
        {
            byte[] ours = File.ReadAllBytes(Path.Combine(directory.Path, path));
            byte[] go = File.ReadAllBytes(Path.Combine(GoTlog.Directory("log-1500"), path));
            Assert.True(ours.AsSpan().SequenceEqual(go), $"{path} differs from Go's");
        }
    }

    [Fact]
    public async Task A_batch_writes_each_tile_once_and_the_checkpoint_last()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var storage = new RecordingLogStorage(directory.Path);
        TileLogWriter writer = await TileLogWriter.CreateAsync(storage, new UnsignedCheckpointSigner(), ct);
        await writer.AppendAsync(Entries(0, 70_000), ct);
        await writer.AppendAsync(Entries(70_000, 300), ct);

        Assert.Equal(3, storage.CheckpointWrites);
        foreach (List<string> batch in storage.Batches)
        {
            Assert.Equal(batch.Count, batch.Distinct().Count());
        }

        // 70,000 entries: 273 full bundles and level-0 tiles, 1 full level-1 tile, and the partials.
        List<string> first = storage.Batches[0];
        Assert.Equal(273, first.Count(p => p.StartsWith("tile/entries/", StringComparison.Ordinal) && !p.Contains(".p/", StringComparison.Ordinal)));
        Assert.Equal(273, first.Count(p => p.StartsWith("tile/0/", StringComparison.Ordinal) && !p.Contains(".p/", StringComparison.Ordinal)));
        Assert.Contains("tile/1/000", first);
        Assert.Contains("tile/2/000.p/1", first);

        // A full tile is never written again by a later batch.
        var full = storage.Batches.SelectMany(b => b).Where(p => !p.Contains(".p/", StringComparison.Ordinal)).ToList();
        Assert.Equal(full.Count, full.Distinct().Count());
        await TileLogVerifier.VerifyAsync(storage, writer.Size, writer.Root, cancellationToken: ct);
    }

    [Fact]
    public async Task Reopening_continues_the_same_tree()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemLogStorage(directory.Path);
        var signer = new UnsignedCheckpointSigner();
        TileLogWriter first = await TileLogWriter.CreateAsync(storage, signer, ct);
        await first.AppendAsync(Entries(0, 1000), ct);

        TileLogWriter second = await TileLogWriter.OpenAsync(storage, signer, first.Size, first.Root, ct);
        LogAppendResult result = await second.AppendAsync(Entries(1000, 600), ct);

        TileLogWriter reference = await TileLogWriter.CreateAsync(new FileSystemLogStorage(Path.Combine(directory.Path, "ref")), signer, ct);
        await reference.AppendAsync(Entries(0, 1600), ct);
        Assert.Equal((1000UL, 1600UL), (result.FirstIndex, result.TreeSize));
        Assert.Equal(reference.Root, result.Root);
        await TileLogVerifier.VerifyAsync(storage, result.TreeSize, result.Root, cancellationToken: ct);
    }

    [Fact]
    public async Task Opening_with_a_root_the_tiles_do_not_give_fails()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemLogStorage(directory.Path);
        TileLogWriter writer = await TileLogWriter.CreateAsync(storage, new UnsignedCheckpointSigner(), ct);
        await writer.AppendAsync(Entries(0, 10), ct);
        await Assert.ThrowsAsync<InvalidDataException>(() =>
            TileLogWriter.OpenAsync(storage, new UnsignedCheckpointSigner(), 10, Rfc6962.EmptyRoot, ct));
    }

    [Fact]
    public async Task Creating_over_an_existing_log_is_refused()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var storage = new FileSystemLogStorage(directory.Path);
        await TileLogWriter.CreateAsync(storage, new UnsignedCheckpointSigner(), ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => TileLogWriter.CreateAsync(storage, new UnsignedCheckpointSigner(), ct));
    }

    [Fact]
    public async Task An_oversized_entry_is_refused_and_nothing_is_written()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var storage = new RecordingLogStorage(directory.Path);
        TileLogWriter writer = await TileLogWriter.CreateAsync(storage, new UnsignedCheckpointSigner(), ct);
        await Assert.ThrowsAsync<ArgumentException>(() => writer.AppendAsync([new byte[] { 1 }, new byte[70_000]], ct));
        Assert.Empty(storage.Batches);
        Assert.Equal(0UL, writer.Size);
        await writer.AppendAsync([new byte[] { 1 }], ct);
        Assert.Equal(1UL, writer.Size);
    }

    [Fact]
    public async Task Empty_log_has_the_rfc_6962_empty_root()
    {
        using var directory = new TemporaryDirectory();
        TileLogWriter writer = await TileLogWriter.CreateAsync(new FileSystemLogStorage(directory.Path), new UnsignedCheckpointSigner(), TestContext.Current.CancellationToken);
        Assert.Equal(Rfc6962.EmptyRoot, writer.Root);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", writer.Root.ToHex());
    }

    internal static ReadOnlyMemory<byte>[] Entries(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(i => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"{{\"entry\":{i}}}"))];

    private static IEnumerable<string> RequiredTilePaths(ulong size)
    {
        for (int level = 0; level < TileLayout.LevelCount(size); level++)
        {
            for (ulong index = 0; index < TileLayout.TileCount(size, level); index++)
            {
                yield return TilePath.Hash(level, index, TileLayout.TileWidth(size, level, index));
            }
        }

        for (ulong index = 0; index < TileLayout.TileCount(size, 0); index++)
        {
            yield return TilePath.Entries(index, TileLayout.TileWidth(size, 0, index));
        }
    }
}
