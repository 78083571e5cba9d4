using System.Text;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tests.TestSupport;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Transparency.Tests.Integration;

/// <summary>
/// The server's file log with its write-ahead journal: commits are durable through the journal alone and partial tiles
/// live in memory between writes to the directory, so these tests play the crash the journal is for by deleting or
/// tearing the files, and check that opening the log again brings back exactly what was committed.
/// </summary>
public class JournaledLogStorageTests
{
    private static readonly TimeSpan NeverRotate = TimeSpan.FromDays(1);

    [Fact]
    public async Task Commits_are_read_from_memory_at_once_and_earlier_partial_tiles_stay_readable()
    {
        Assert.SkipUnless(LogJournal.IsSupported, "The journal needs fdatasync and syncfs (Linux).");
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        JournaledLogStorage storage = await JournaledLogStorage.OpenJournaledAsync(directory.Path, NeverRotate, ct);
        TileLogWriter writer = await TileLogWriter.CreateAsync(storage, new UnsignedCheckpointSigner(), ct);
        await writer.AppendAsync(Entries(0, 3), ct);
        byte[] atThree = (await storage.ReadAsync(TilePath.Checkpoint, ct))!;
        await writer.AppendAsync(Entries(3, 5), ct);

        Assert.Equal(new UnsignedCheckpointSigner().Sign(writer.Size, writer.Root), await storage.ReadAsync(TilePath.Checkpoint, ct));
        await TileLogVerifier.VerifyAsync(storage, writer.Size, writer.Root, cancellationToken: ct);

        // A client that read the checkpoint at size 3 still gets that size's partial tiles.
        Assert.Equal(3 * 32, (await storage.ReadAsync("tile/0/000.p/3", ct))!.Length);
        Assert.NotNull(await storage.ReadAsync("tile/entries/000.p/3", ct));
        Assert.StartsWith("test.example/log\n3\n", System.Text.Encoding.UTF8.GetString(atThree), StringComparison.Ordinal);

        // The directory has not been written since: no partial tile of these sizes is there yet.
        Assert.False(File.Exists(Path.Combine(directory.Path, "tile", "0", "000.p", "8")));
    }

    [Fact]
    public async Task After_a_crash_the_journal_is_replayed_and_the_log_verifies_and_goes_on()
    {
        Assert.SkipUnless(LogJournal.IsSupported, "The journal needs fdatasync and syncfs (Linux).");
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        JournaledLogStorage storage = await JournaledLogStorage.OpenJournaledAsync(directory.Path, NeverRotate, ct);
        TileLogWriter writer = await TileLogWriter.CreateAsync(storage, new UnsignedCheckpointSigner(), ct);
        foreach (int count in new[] { 1, 37, 300, 5, 700 })
        {
            await writer.AppendAsync(Entries((int)writer.Size, count), ct);
        }

        byte[] checkpoint = (await storage.ReadAsync(TilePath.Checkpoint, ct))!;

        // The machine went down: nothing written to the directory since the journal started is there, or it is torn.
        LoseTheFiles(directory.Path);
        await File.WriteAllBytesAsync(Path.Combine(directory.Path, "checkpoint"), Encoding.UTF8.GetBytes("test.ex"), ct);

        JournaledLogStorage reopened = await JournaledLogStorage.OpenJournaledAsync(directory.Path, NeverRotate, ct);

        Assert.Equal(checkpoint, await File.ReadAllBytesAsync(Path.Combine(directory.Path, "checkpoint"), ct));
        await TileLogVerifier.VerifyAsync(new FileSystemLogStorage(directory.Path), writer.Size, writer.Root, cancellationToken: ct);
        TileLogWriter continued = await TileLogWriter.OpenAsync(reopened, new UnsignedCheckpointSigner(), writer.Size, writer.Root, ct);
        await continued.AppendAsync(Entries((int)continued.Size, 3), ct);
        await TileLogVerifier.VerifyAsync(reopened, continued.Size, continued.Root, cancellationToken: ct);

        // The replayed journal is gone once its files are synced; the new writer has its own.
        Assert.Single(Journals(directory.Path));
    }

    [Fact]
    public async Task A_commit_journals_only_the_bytes_it_adds_to_a_partial_and_replay_extends_the_partial_in_the_directory()
    {
        Assert.SkipUnless(LogJournal.IsSupported, "The journal needs fdatasync and syncfs (Linux).");
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        JournaledLogStorage storage = await JournaledLogStorage.OpenJournaledAsync(directory.Path, NeverRotate, ct);
        TileLogWriter writer = await TileLogWriter.CreateAsync(storage, new UnsignedCheckpointSigner(), ct);
        await writer.AppendAsync(Entries(0, 200, padding: 300), ct);

        // Written to the directory and synced: the next journal starts empty, and its records extend these files.
        await storage.WriteBehindNowAsync();
        Assert.True(File.Exists(Path.Combine(directory.Path, "tile", "entries", "000.p", "200")));
        string journal = Assert.Single(Journals(directory.Path));
        await writer.AppendAsync(Entries(200, 3, padding: 300), ct);
        await writer.AppendAsync(Entries(203, 60, padding: 300), ct);
        (ulong Size, MerkleHash Root) committed = (writer.Size, writer.Root);

        // The partial bundle of 203 entries is ~63 KB and the full one ~80 KB, but the journal holds only the 63 new
        // entries, their hashes and two checkpoints.
        long journalled = new FileInfo(journal).Length;
        Assert.InRange(journalled, 63 * 300, 63 * 300 + 12_000);

        // The crash loses everything written since the sync (the full tiles, the checkpoint; the partials of size 263
        // were only in memory); the directory still has the partials of size 200.
        Assert.False(File.Exists(Path.Combine(directory.Path, "tile", "entries", "001.p", "7")));
        foreach (string lost in new[] { "tile/entries/000", "tile/0/000", "checkpoint" })
        {
            File.Delete(Path.Combine(directory.Path, lost));
        }

        JournaledLogStorage reopened = await JournaledLogStorage.OpenJournaledAsync(directory.Path, NeverRotate, ct);

        await TileLogVerifier.VerifyAsync(new FileSystemLogStorage(directory.Path), committed.Size, committed.Root, cancellationToken: ct);
        Assert.Equal(new UnsignedCheckpointSigner().Sign(committed.Size, committed.Root), await reopened.ReadAsync(TilePath.Checkpoint, ct));
        Assert.True(File.Exists(Path.Combine(directory.Path, "tile", "entries", "000.p", "203")), "the partial of size 203 was rebuilt from the one of size 200");
    }

    [Fact]
    public async Task A_torn_last_record_is_not_replayed_and_the_log_opens_at_the_commit_before_it()
    {
        Assert.SkipUnless(LogJournal.IsSupported, "The journal needs fdatasync and syncfs (Linux).");
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        JournaledLogStorage storage = await JournaledLogStorage.OpenJournaledAsync(directory.Path, NeverRotate, ct);
        TileLogWriter writer = await TileLogWriter.CreateAsync(storage, new UnsignedCheckpointSigner(), ct);
        await writer.AppendAsync(Entries(0, 40), ct);
        (ulong Size, MerkleHash Root) before = (writer.Size, writer.Root);
        byte[] checkpoint = (await storage.ReadAsync(TilePath.Checkpoint, ct))!;
        string journal = Assert.Single(Journals(directory.Path));
        long lengthBefore = new FileInfo(journal).Length;

        // The next commit's record reached the disk only in part.
        await writer.AppendAsync(Entries(40, 9), ct);
        using (FileStream file = new(journal, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(lengthBefore + ((file.Length - lengthBefore) / 2));
        }

        LoseTheFiles(directory.Path);

        await JournaledLogStorage.OpenJournaledAsync(directory.Path, NeverRotate, ct);

        Assert.Equal(checkpoint, await File.ReadAllBytesAsync(Path.Combine(directory.Path, "checkpoint"), ct));
        await TileLogVerifier.VerifyAsync(new FileSystemLogStorage(directory.Path), before.Size, before.Root, cancellationToken: ct);
    }

    [Fact]
    public async Task A_corrupted_record_ends_the_replay_of_its_journal()
    {
        Assert.SkipUnless(LogJournal.IsSupported, "The journal needs fdatasync and syncfs (Linux).");
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        JournaledLogStorage storage = await JournaledLogStorage.OpenJournaledAsync(directory.Path, NeverRotate, ct);
        await storage.CommitAsync([], Checkpoint(1), ct);
        string journal = Assert.Single(Journals(directory.Path));
        long firstRecordEnd = new FileInfo(journal).Length;
        await storage.CommitAsync([], Checkpoint(2), ct);
        await storage.CommitAsync([], Checkpoint(3), ct);

        // One bit of the second record flipped: it and everything after it in that journal are not trusted.
        byte[] bytes = await File.ReadAllBytesAsync(journal, ct);
        bytes[firstRecordEnd + 60] ^= 0x01;
        await File.WriteAllBytesAsync(journal, bytes, ct);
        File.Delete(Path.Combine(directory.Path, "checkpoint"));

        await JournaledLogStorage.OpenJournaledAsync(directory.Path, NeverRotate, ct);

        Assert.Equal(Checkpoint(1), await File.ReadAllBytesAsync(Path.Combine(directory.Path, "checkpoint"), ct));
    }

    [Fact]
    public async Task Each_rotation_leaves_a_consistent_log_in_the_directory_and_deletes_the_older_journals()
    {
        Assert.SkipUnless(LogJournal.IsSupported, "The journal needs fdatasync and syncfs (Linux).");
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        JournaledLogStorage storage = await JournaledLogStorage.OpenJournaledAsync(directory.Path, TimeSpan.Zero, ct);
        TileLogWriter writer = await TileLogWriter.CreateAsync(storage, new UnsignedCheckpointSigner(), ct);
        await storage.WhenJournalRetiredAsync();
        var plainReader = new FileSystemLogStorage(directory.Path);
        for (int i = 0; i < 12; i++)
        {
            await writer.AppendAsync(Entries((int)writer.Size, 30), ct);
            await storage.WhenJournalRetiredAsync();

            // Every commit rotated, so the directory holds this commit's checkpoint and the tiles it needs.
            Assert.Equal(await storage.ReadAsync(TilePath.Checkpoint, ct), await plainReader.ReadAsync(TilePath.Checkpoint, ct));
            await TileLogVerifier.VerifyAsync(plainReader, writer.Size, writer.Root, cancellationToken: ct);
        }

        string journal = Assert.Single(Journals(directory.Path));
        Assert.Equal(0, new FileInfo(journal).Length);

        JournaledLogStorage reopened = await JournaledLogStorage.OpenJournaledAsync(directory.Path, TimeSpan.Zero, ct);
        await TileLogVerifier.VerifyAsync(reopened, writer.Size, writer.Root, cancellationToken: ct);
        Assert.True(string.CompareOrdinal(Assert.Single(Journals(directory.Path)), journal) > 0, "the reopened log starts a newer journal");
    }

    [Fact]
    public async Task Closing_writes_every_partial_tile_and_removes_the_journal_so_a_plain_writer_can_go_on()
    {
        Assert.SkipUnless(LogJournal.IsSupported, "The journal needs fdatasync and syncfs (Linux).");
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        JournaledLogStorage storage = await JournaledLogStorage.OpenJournaledAsync(directory.Path, NeverRotate, ct);
        TileLogWriter writer = await TileLogWriter.CreateAsync(storage, new UnsignedCheckpointSigner(), ct);
        foreach (int count in new[] { 2, 3, 300, 4 })
        {
            await writer.AppendAsync(Entries((int)writer.Size, count), ct);
        }

        await storage.DisposeAsync();

        Assert.Empty(Journals(directory.Path));
        // Sizes 2, 5, 305, 309: the partials of the tile still partial, of every size, are in the directory (those of the
        // first tile are not needed since it is full).
        Assert.True(File.Exists(Path.Combine(directory.Path, "tile", "0", "001.p", "49")), "a partial of an earlier size is in the directory");
        Assert.True(File.Exists(Path.Combine(directory.Path, "tile", "entries", "001.p", "53")));
        Assert.True(File.Exists(Path.Combine(directory.Path, "tile", "0", "000")));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.CommitAsync([], Checkpoint(9), ct));
        var plain = new FileSystemLogStorage(directory.Path);
        await TileLogVerifier.VerifyAsync(plain, writer.Size, writer.Root, cancellationToken: ct);
        TileLogWriter continued = await TileLogWriter.OpenAsync(plain, new UnsignedCheckpointSigner(), writer.Size, writer.Root, ct);
        await continued.AppendAsync(Entries((int)continued.Size, 3), ct);
        await TileLogVerifier.VerifyAsync(plain, continued.Size, continued.Root, cancellationToken: ct);
    }

    [Fact]
    public async Task A_plain_writer_refuses_to_commit_to_a_journaled_log_and_changes_nothing()
    {
        Assert.SkipUnless(LogJournal.IsSupported, "The journal needs fdatasync and syncfs (Linux).");
        CancellationToken ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        JournaledLogStorage server = await JournaledLogStorage.OpenJournaledAsync(directory.Path, NeverRotate, ct);
        await server.CommitAsync([], Checkpoint(1), ct);
        await server.CommitAsync([], Checkpoint(2), ct);
        byte[]? onDisk = File.Exists(Path.Combine(directory.Path, "checkpoint")) ? await File.ReadAllBytesAsync(Path.Combine(directory.Path, "checkpoint"), ct) : null;

        var plain = new FileSystemLogStorage(directory.Path);
        InvalidOperationException refused = await Assert.ThrowsAsync<InvalidOperationException>(() => plain.CommitAsync([], Checkpoint(3), ct));

        Assert.Contains("journal", refused.Message, StringComparison.Ordinal);
        Assert.Equal(onDisk, await plain.ReadAsync(TilePath.Checkpoint, ct));
        Assert.Equal(Checkpoint(2), await server.ReadAsync(TilePath.Checkpoint, ct));
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
