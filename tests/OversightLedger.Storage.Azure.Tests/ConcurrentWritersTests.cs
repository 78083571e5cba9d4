using System.Collections.Concurrent;
using OversightLedger.Storage.Azure.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Storage.Azure.Tests;

[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class ConcurrentWritersTests(AzuriteFixture azurite)
{
    private const int Writers = 3;
    private const int Rounds = 30;

    // Few distinct sizes, so racing writers often end at the same size and write the same partial-tile paths.
    private static readonly int[] BatchSizes = [1, 9, 40, 90];

    [Fact]
    public async Task Writers_racing_for_many_rounds_never_fork_the_log_nor_lose_an_acknowledged_entry()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        string container = AzuriteFixture.NewContainerName();
        await TileLogWriter.CreateAsync(azurite.Storage(container), TestLogKey.Signer, ct);
        var seen = new ConcurrentBag<(ulong Size, MerkleHash Root)>();
        var acknowledged = new ConcurrentBag<(ulong FirstIndex, ReadOnlyMemory<byte>[] Entries)>();
        int conflicts = 0;

        async Task RaceAsync(int writerNumber)
        {
            var random = new Random(writerNumber);
            BlobLogStorage storage = azurite.Storage(container);
            TileLogWriter? writer = null;
            for (int round = 0; round < Rounds; round++)
            {
                if (writer is null)
                {
                    (writer, Checkpoint opened) = await TestLogKey.OpenAsync(storage, ct);
                    seen.Add((opened.Size, opened.Root));
                }

                ReadOnlyMemory<byte>[] entries = TestLogKey.Entries($"w{writerNumber}r{round}", 0, BatchSizes[random.Next(BatchSizes.Length)]);
                try
                {
                    LogAppendResult result = await writer.AppendAsync(entries, ct);
                    seen.Add((result.TreeSize, result.Root));
                    acknowledged.Add((result.FirstIndex, entries));
                }
                catch (LogConflictException)
                {
                    Interlocked.Increment(ref conflicts);
                    writer = null;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => RaceAsync(w), ct)));

        BlobLogStorage log = azurite.Storage(container);
        Checkpoint final = await TestLogKey.ReadCheckpointAsync(log, ct);
        await TileLogVerifier.VerifyAsync(log, final.Size, final.Root, cancellationToken: ct);
        Assert.True(conflicts > 0, "the writers never collided: the test proved nothing");
        Assert.Equal(Writers * Rounds, acknowledged.Count + conflicts);

        // Every tree head any writer saw or made is a prefix of the final tree: no fork.
        foreach ((ulong size, MerkleHash root) in seen.Distinct())
        {
            await TestLogKey.AssertConsistentAsync(log, size, root, final.Size, final.Root, ct);
        }

        // Every acknowledged batch is in the final log where its writer was told, and nothing else is.
        foreach ((ulong firstIndex, ReadOnlyMemory<byte>[] entries) in acknowledged)
        {
            Assert.Equal(entries.Select(e => e.ToArray()), await TestLogKey.ReadEntriesAsync(log, final.Size, firstIndex, entries.Length, ct));
        }

        Assert.Equal(final.Size, (ulong)acknowledged.Sum(batch => batch.Entries.Length));
    }
}
