using System.Text;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tests.TestSupport;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Storage.Posix.Tests;

/// <summary>
/// The server's file log with its write-ahead journal: commits are durable through the journal alone and partial tiles
/// live in memory between writes to the directory, so these tests play the crash the journal is for by deleting or
/// tearing the files, and check that opening the log again brings back exactly what was committed.
/// </summary>
public sealed class JournaledLogStorageTests : IDisposable
{
    private static readonly TimeSpan NeverRotate = TimeSpan.FromDays(1);
    private readonly TemporaryDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Commits_are_read_from_memory_at_once_and_earlier_partial_tiles_stay_readable()
    {
        (JournaledLogStorage storage, TileLogWriter writer) = await NewLogAsync(NeverRotate);
        await writer.AppendAsync(Entries(0, 3), Ct);
        byte[] atThree = (await storage.ReadAsync(TilePath.Checkpoint, Ct))!;
        await writer.AppendAsync(Entries(3, 5), Ct);

        Assert.Equal(new UnsignedCheckpointSigner().Sign(writer.Size, writer.Root), await storage.ReadAsync(TilePath.Checkpoint, Ct));
        await TileLogVerifier.VerifyAsync(storage, writer.Size, writer.Root, cancellationToken: Ct);

        // A client that read the checkpoint at size 3 still gets that size's partial tiles.
        Assert.Equal(3 * 32, (await storage.ReadAsync("tile/0/000.p/3", Ct))!.Length);
        Assert.NotNull(await storage.ReadAsync("tile/entries/000.p/3", Ct));
        Assert.StartsWith("test.example/log\n3\n", System.Text.Encoding.UTF8.GetString(atThree), StringComparison.Ordinal);

        // The directory has not been written since: no partial tile of these sizes is there yet.
        Assert.False(File.Exists(Path.Combine(_directory.Path, "tile", "0", "000.p", "8")));
    }

    [Fact]
    public async Task A_client_holding_a_checkpoint_from_before_its_tile_filled_still_verifies_from_the_full_tile()
    {
        (JournaledLogStorage storage, TileLogWriter writer) = await NewLogAsync(NeverRotate);
        await writer.AppendAsync(Entries(0, 100), Ct);
        (ulong Size, MerkleHash Root) earlier = (writer.Size, writer.Root);

        // The tile fills: its partials of size 100 are dropped from memory and were never written to the directory.
        await writer.AppendAsync(Entries(100, 200), Ct);
        Assert.Null(await storage.ReadAsync("tile/entries/000.p/100", Ct));
        Assert.Null(await storage.ReadAsync("tile/0/000.p/100", Ct));

        await TileLogVerifier.VerifyAsync(storage, earlier.Size, earlier.Root, cancellationToken: Ct);
        List<ReadOnlyMemory<byte>> entries = (await PartialTileReader.ReadEntriesAsync(storage, 0, 100, Ct))!;
        Assert.Equal(100, entries.Count);
        Assert.Equal(Entries(99, 1)[0].ToArray(), entries[99].ToArray());
        Assert.Equal(100 * 32, (await PartialTileReader.ReadHashTileAsync(storage, new TileAddress(0, 0, 100), Ct))!.Length);
    }

    [Fact]
    public async Task After_a_crash_the_journal_is_replayed_and_the_log_verifies_and_goes_on()
    {
        (JournaledLogStorage storage, TileLogWriter writer) = await NewLogAsync(NeverRotate);
        foreach (int count in new[] { 1, 37, 300, 5, 700 })
        {
            await writer.AppendAsync(Entries((int)writer.Size, count), Ct);
        }

        byte[] checkpoint = (await storage.ReadAsync(TilePath.Checkpoint, Ct))!;

        // The machine went down: nothing written to the directory since the journal started is there, or it is torn.
        LoseTheFiles(_directory.Path);
        await File.WriteAllBytesAsync(Path.Combine(_directory.Path, "checkpoint"), Encoding.UTF8.GetBytes("test.ex"), Ct);

        JournaledLogStorage reopened = await OpenAsync(NeverRotate);

        Assert.Equal(checkpoint, await File.ReadAllBytesAsync(Path.Combine(_directory.Path, "checkpoint"), Ct));
        await TileLogVerifier.VerifyAsync(new FileSystemLogStorage(_directory.Path), writer.Size, writer.Root, cancellationToken: Ct);
        TileLogWriter continued = await TileLogWriter.OpenAsync(reopened, new UnsignedCheckpointSigner(), writer.Size, writer.Root, Ct);
        await continued.AppendAsync(Entries((int)continued.Size, 3), Ct);
        await TileLogVerifier.VerifyAsync(reopened, continued.Size, continued.Root, cancellationToken: Ct);

        // The replayed journal is gone once its files are synced; the new writer has its own.
        Assert.Single(Journals(_directory.Path));
    }

    [Fact]
    public async Task A_commit_journals_only_the_bytes_it_adds_to_a_partial_and_replay_extends_the_partial_in_the_directory()
    {
        (JournaledLogStorage storage, TileLogWriter writer) = await NewLogAsync(NeverRotate);
        await writer.AppendAsync(Entries(0, 200, padding: 300), Ct);

        // Written to the directory and synced: the next journal starts empty, and its records extend these files.
        await storage.WriteBehindNowAsync();
        Assert.True(File.Exists(Path.Combine(_directory.Path, "tile", "entries", "000.p", "200")));
        string journal = Assert.Single(Journals(_directory.Path));
        await writer.AppendAsync(Entries(200, 3, padding: 300), Ct);
        await writer.AppendAsync(Entries(203, 60, padding: 300), Ct);
        (ulong Size, MerkleHash Root) committed = (writer.Size, writer.Root);

        // The partial bundle of 203 entries is ~63 KB and the full one ~80 KB, but the journal holds only the 63 new
        // entries, their hashes and two checkpoints.
        long journalled = new FileInfo(journal).Length;
        Assert.InRange(journalled, 63 * 300, 63 * 300 + 12_000);

        // The crash loses everything written since the sync (the full tiles, the checkpoint; the partials of size 263
        // were only in memory); the directory still has the partials of size 200.
        Assert.False(File.Exists(Path.Combine(_directory.Path, "tile", "entries", "001.p", "7")));
        foreach (string lost in new[] { "tile/entries/000", "tile/0/000", "checkpoint" })
        {
            File.Delete(Path.Combine(_directory.Path, lost));
        }

        JournaledLogStorage reopened = await OpenAsync(NeverRotate);

        await TileLogVerifier.VerifyAsync(new FileSystemLogStorage(_directory.Path), committed.Size, committed.Root, cancellationToken: Ct);
        Assert.Equal(new UnsignedCheckpointSigner().Sign(committed.Size, committed.Root), await reopened.ReadAsync(TilePath.Checkpoint, Ct));
        Assert.True(File.Exists(Path.Combine(_directory.Path, "tile", "entries", "000.p", "203")), "the partial of size 203 was rebuilt from the one of size 200");
    }

    [Fact]
    public async Task A_torn_last_record_is_not_replayed_and_the_log_opens_at_the_commit_before_it()
    {
        (JournaledLogStorage storage, TileLogWriter writer) = await NewLogAsync(NeverRotate);
        await writer.AppendAsync(Entries(0, 40), Ct);
        (ulong Size, MerkleHash Root) before = (writer.Size, writer.Root);
        byte[] checkpoint = (await storage.ReadAsync(TilePath.Checkpoint, Ct))!;
        string journal = Assert.Single(Journals(_directory.Path));
        long lengthBefore = new FileInfo(journal).Length;

        // The next commit's record reached the disk only in part.
        await writer.AppendAsync(Entries(40, 9), Ct);
        using (FileStream file = new(journal, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(lengthBefore + ((file.Length - lengthBefore) / 2));
        }

        LoseTheFiles(_directory.Path);

        await OpenAsync(NeverRotate);

        Assert.Equal(checkpoint, await File.ReadAllBytesAsync(Path.Combine(_directory.Path, "checkpoint"), Ct));
        await TileLogVerifier.VerifyAsync(new FileSystemLogStorage(_directory.Path), before.Size, before.Root, cancellationToken: Ct);
    }

    [Fact]
    public async Task A_corrupted_record_ends_the_replay_of_its_journal()
    {
        JournaledLogStorage storage = await OpenAsync(NeverRotate);
        await storage.CommitAsync([], Checkpoint(1), Ct);
        string journal = Assert.Single(Journals(_directory.Path));
        long firstRecordEnd = new FileInfo(journal).Length;
        await storage.CommitAsync([], Checkpoint(2), Ct);
        await storage.CommitAsync([], Checkpoint(3), Ct);

        // One bit of the second record flipped: it and everything after it in that journal are not trusted.
        byte[] bytes = await File.ReadAllBytesAsync(journal, Ct);
        bytes[firstRecordEnd + 60] ^= 0x01;
        await File.WriteAllBytesAsync(journal, bytes, Ct);
        File.Delete(Path.Combine(_directory.Path, "checkpoint"));

        await OpenAsync(NeverRotate);

        Assert.Equal(Checkpoint(1), await File.ReadAllBytesAsync(Path.Combine(_directory.Path, "checkpoint"), Ct));
    }

    [Fact]
    public async Task Each_rotation_leaves_a_consistent_log_in_the_directory_and_deletes_the_older_journals()
    {
        (JournaledLogStorage storage, TileLogWriter writer) = await NewLogAsync(TimeSpan.Zero);
        await storage.WhenJournalRetiredAsync();
        var plainReader = new FileSystemLogStorage(_directory.Path);
        for (int i = 0; i < 12; i++)
        {
            await writer.AppendAsync(Entries((int)writer.Size, 30), Ct);
            await storage.WhenJournalRetiredAsync();

            // Every commit rotated, so the directory holds this commit's checkpoint and the tiles it needs.
            Assert.Equal(await storage.ReadAsync(TilePath.Checkpoint, Ct), await plainReader.ReadAsync(TilePath.Checkpoint, Ct));
            await TileLogVerifier.VerifyAsync(plainReader, writer.Size, writer.Root, cancellationToken: Ct);
        }

        string journal = Assert.Single(Journals(_directory.Path));
        Assert.Equal(0, new FileInfo(journal).Length);

        JournaledLogStorage reopened = await OpenAsync(TimeSpan.Zero);
        await TileLogVerifier.VerifyAsync(reopened, writer.Size, writer.Root, cancellationToken: Ct);
        Assert.True(string.CompareOrdinal(Assert.Single(Journals(_directory.Path)), journal) > 0, "the reopened log starts a newer journal");
    }

    [Fact]
    public async Task Closing_writes_every_partial_tile_and_removes_the_journal_so_a_plain_writer_can_go_on()
    {
        (JournaledLogStorage storage, TileLogWriter writer) = await NewLogAsync(NeverRotate);
        foreach (int count in new[] { 2, 3, 300, 4 })
        {
            await writer.AppendAsync(Entries((int)writer.Size, count), Ct);
        }

        await storage.DisposeAsync();

        Assert.Empty(Journals(_directory.Path));
        // Sizes 2, 5, 305, 309: the partials of the tile still partial, of every size, are in the directory (those of the
        // first tile are not needed since it is full).
        Assert.True(File.Exists(Path.Combine(_directory.Path, "tile", "0", "001.p", "49")), "a partial of an earlier size is in the directory");
        Assert.True(File.Exists(Path.Combine(_directory.Path, "tile", "entries", "001.p", "53")));
        Assert.True(File.Exists(Path.Combine(_directory.Path, "tile", "0", "000")));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.CommitAsync([], Checkpoint(9), Ct));
        var plain = new FileSystemLogStorage(_directory.Path);
        await TileLogVerifier.VerifyAsync(plain, writer.Size, writer.Root, cancellationToken: Ct);
        TileLogWriter continued = await TileLogWriter.OpenAsync(plain, new UnsignedCheckpointSigner(), writer.Size, writer.Root, Ct);
        await continued.AppendAsync(Entries((int)continued.Size, 3), Ct);
        await TileLogVerifier.VerifyAsync(plain, continued.Size, continued.Root, cancellationToken: Ct);
    }

    [Fact]
    public async Task A_plain_writer_refuses_to_commit_to_a_journaled_log_and_changes_nothing()
    {
        JournaledLogStorage server = await OpenAsync(NeverRotate);
        await server.CommitAsync([], Checkpoint(1), Ct);
        await server.CommitAsync([], Checkpoint(2), Ct);
        byte[]? onDisk = File.Exists(Path.Combine(_directory.Path, "checkpoint")) ? await File.ReadAllBytesAsync(Path.Combine(_directory.Path, "checkpoint"), Ct) : null;

        var plain = new FileSystemLogStorage(_directory.Path);
        InvalidOperationException refused = await Assert.ThrowsAsync<InvalidOperationException>(() => plain.CommitAsync([], Checkpoint(3), Ct));

        Assert.Contains("journal", refused.Message, StringComparison.Ordinal);
        Assert.Equal(onDisk, await plain.ReadAsync(TilePath.Checkpoint, Ct));
        Assert.Equal(Checkpoint(2), await server.ReadAsync(TilePath.Checkpoint, Ct));
    }

    /// <summary>The journaled log in this test's directory (skips the test where the journal is not supported).</summary>
    private async Task<JournaledLogStorage> OpenAsync(TimeSpan rotateAfter)
    {
        Assert.SkipUnless(LogJournal.IsSupported, "The journal needs fdatasync and syncfs (Linux).");
        return await JournaledLogStorage.OpenJournaledAsync(_directory.Path, rotateAfter, Ct);
    }

    /// <summary>A new log in this test's directory, written through the journal.</summary>
    private async Task<(JournaledLogStorage Storage, TileLogWriter Writer)> NewLogAsync(TimeSpan rotateAfter)
    {
        JournaledLogStorage storage = await OpenAsync(rotateAfter);
        return (storage, await TileLogWriter.CreateAsync(storage, new UnsignedCheckpointSigner(), Ct));
    }

    private static ReadOnlyMemory<byte>[] Entries(int from, int count, int padding = 0) =>
        [.. Enumerable.Range(from, count).Select(i => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"entry {i}{new string('x', padding)}\n"))];

    private static byte[] Checkpoint(int n) => Encoding.UTF8.GetBytes($"test.example/log\n{n}\nroot{n}\n");

    /// <summary>The crash: the log's files are gone (the journal, synced, is not).</summary>
    private static void LoseTheFiles(string directory)
    {
        if (Directory.Exists(Path.Combine(directory, "tile")))
        {
            Directory.Delete(Path.Combine(directory, "tile"), recursive: true);
        }

        File.Delete(Path.Combine(directory, "checkpoint"));
    }

    private static string[] Journals(string directory) =>
        [.. Directory.GetFiles(directory, ".journal.*").Order(StringComparer.Ordinal)];
}
