using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using OversightLedger.Storage.Azure.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Storage.Azure.Tests;

[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class TileLogWriterOnBlobStorageTests(AzuriteFixture azurite)
{
    private static readonly int[] BatchesBeforeReopening = [1, 255, 300, 7];
    private static readonly int[] BatchesAfterReopening = [1000, 3, 2500];

    [Fact]
    public async Task A_log_written_to_blobs_reopens_verifies_and_is_byte_identical_to_the_same_log_on_disk()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string container = AzuriteFixture.NewContainerName();
        string directory = Path.Combine(Path.GetTempPath(), "oversight-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var disk = new FileSystemLogStorage(directory);
            TileLogWriter onDisk = await TileLogWriter.CreateAsync(disk, TestLogKey.Signer, ct);
            TileLogWriter onBlobs = await TileLogWriter.CreateAsync(azurite.Storage(container), TestLogKey.Signer, ct);
            int next = 0;
            foreach (int batch in BatchesBeforeReopening)
            {
                await onDisk.AppendAsync(TestLogKey.Entries("a", next, batch), ct);
                await onBlobs.AppendAsync(TestLogKey.Entries("a", next, batch), ct);
                next += batch;
            }

            // Another process (a fresh storage) reopens the log from its signed checkpoint and goes on.
            (TileLogWriter reopened, Checkpoint opened) = await TestLogKey.OpenAsync(azurite.Storage(container), ct);
            Assert.Equal(((ulong)next, onDisk.Root), (opened.Size, opened.Root));
            foreach (int batch in BatchesAfterReopening)
            {
                await onDisk.AppendAsync(TestLogKey.Entries("a", next, batch), ct);
                await reopened.AppendAsync(TestLogKey.Entries("a", next, batch), ct);
                next += batch;
            }

            BlobLogStorage log = azurite.Storage(container);
            Checkpoint final = await TestLogKey.ReadCheckpointAsync(log, ct);
            Assert.Equal(((ulong)next, onDisk.Root), (final.Size, final.Root));
            await TileLogVerifier.VerifyAsync(log, final.Size, final.Root, cancellationToken: ct);
            await TestLogKey.AssertConsistentAsync(log, opened.Size, opened.Root, final.Size, final.Root, ct);

            // Every blob is a file of the disk log with the same bytes, and the other way round.
            var blobNames = new List<string>();
            await foreach (BlobItem blob in new BlobContainerClient(azurite.ConnectionString, container).GetBlobsAsync(cancellationToken: ct))
            {
                blobNames.Add(blob.Name);
            }

            // The log's files, not the file storage's own (its hidden standby files for swapping in the checkpoint).
            List<string> fileNames = [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(file => !Path.GetFileName(file).StartsWith('.'))
                .Select(file => Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/'))];
            Assert.Equal(fileNames.Order(StringComparer.Ordinal), blobNames.Order(StringComparer.Ordinal));
            Assert.Contains("tile/0/014", blobNames);
            Assert.Contains("tile/0/015.p/226", blobNames);
            Assert.Contains("tile/1/000.p/15", blobNames);
            foreach (string name in blobNames)
            {
                byte[]? onDiskBytes = await disk.ReadAsync(name, ct);
                byte[]? blobBytes = await log.ReadAsync(name, ct);
                Assert.True(onDiskBytes.AsSpan().SequenceEqual(blobBytes), $"{name} differs between blobs and disk");
            }
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Of_two_writers_appending_at_once_exactly_one_commits_and_the_other_continues_from_its_tree()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string container = AzuriteFixture.NewContainerName();
        TileLogWriter creator = await TileLogWriter.CreateAsync(azurite.Storage(container), TestLogKey.Signer, ct);
        LogAppendResult start = await creator.AppendAsync(TestLogKey.Entries("base", 0, 200), ct);
        BlobLogStorage[] storages = [azurite.Storage(container), azurite.Storage(container)];
        string[] names = ["left", "right"];
        var writers = new TileLogWriter[2];
        for (int i = 0; i < 2; i++)
        {
            (writers[i], _) = await TestLogKey.OpenAsync(storages[i], ct);
        }

        // Same base, same batch size (so the same partial-tile paths) and a tile boundary crossed: they really collide.
        Task<LogAppendResult>[] appends = [.. Enumerable.Range(0, 2).Select(i => Task.Run(() => writers[i].AppendAsync(TestLogKey.Entries(names[i], 0, 100), ct), ct))];
        try
        {
            await Task.WhenAll(appends);
        }
        catch (LogConflictException)
        {
        }

        Assert.Equal(1, appends.Count(task => task.IsCompletedSuccessfully));
        int winner = appends[0].IsCompletedSuccessfully ? 0 : 1, loser = 1 - winner;
        Assert.IsAssignableFrom<LogConflictException>(appends[loser].Exception!.InnerException);
        LogAppendResult won = await appends[winner];

        // The loser reopens from the checkpoint it now reads and appends after the winner's entries.
        (TileLogWriter reopened, Checkpoint seen) = await TestLogKey.OpenAsync(storages[loser], ct);
        Assert.Equal((won.TreeSize, won.Root), (seen.Size, seen.Root));
        LogAppendResult after = await reopened.AppendAsync(TestLogKey.Entries(names[loser], 0, 100), ct);
        Assert.Equal((300UL, 400UL), (after.FirstIndex, after.TreeSize));

        BlobLogStorage log = azurite.Storage(container);
        Checkpoint final = await TestLogKey.ReadCheckpointAsync(log, ct);
        Assert.Equal((after.TreeSize, after.Root), (final.Size, final.Root));
        await TileLogVerifier.VerifyAsync(log, final.Size, final.Root, cancellationToken: ct);
        await TestLogKey.AssertConsistentAsync(log, start.TreeSize, start.Root, final.Size, final.Root, ct);
        await TestLogKey.AssertConsistentAsync(log, won.TreeSize, won.Root, final.Size, final.Root, ct);
        Assert.Equal(TestLogKey.Entries(names[winner], 0, 100).Select(e => e.ToArray()), await TestLogKey.ReadEntriesAsync(log, final.Size, 200, 100, ct));
        Assert.Equal(TestLogKey.Entries(names[loser], 0, 100).Select(e => e.ToArray()), await TestLogKey.ReadEntriesAsync(log, final.Size, 300, 100, ct));
    }
}
