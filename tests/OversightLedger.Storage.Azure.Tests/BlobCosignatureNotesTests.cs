using System.Collections.Concurrent;
using System.Text;
using Azure.Storage.Blobs;
using OversightLedger.Storage.Azure.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Storage.Azure.Tests;

/// <summary>
/// Cosigned checkpoint notes on a real Azurite, as silos share them: writers (each its own instance, as each silo has)
/// that race to add different witnesses' lines to one checkpoint all keep their line, and <c>latest</c> names the
/// newest checkpoint whatever order they were cosigned in.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(AzuriteCollection.Name)]
public sealed class BlobCosignatureNotesTests(AzuriteFixture azurite) : IDisposable
{
    private const string Origin = "cosignatures.test.example/log";
    private const int Writers = 4;

    private static readonly (string SignerKey, string VerifierKey) LogKeys = NoteSigner.Generate(Origin);
    private readonly NoteSigner _log = new(LogKeys.SignerKey);
    private readonly NoteVerifier _logVerifier = new(LogKeys.VerifierKey);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Writers_racing_to_add_different_witnesses_lines_to_one_checkpoint_keep_every_line()
    {
        string container = AzuriteFixture.NewContainerName();
        SignedCheckpoint logNote = Sign(1234);
        Cosigner[] witnesses = [.. Enumerable.Range(0, Writers).Select(i => WitnessKeys.OpenCosigner(WitnessKeys.Generate($"witness-{i}.example.org").SignerKey))];
        using var allRead = new CountdownEvent(Writers);
        int merges = 0;

        async Task<byte[]> AddAsync(Cosigner witness)
        {
            bool first = true;
            return await Notes(container).UpdateAsync(
                logNote.Checkpoint,
                stored =>
                {
                    Interlocked.Increment(ref merges);
                    if (first)
                    {
                        // Every writer reads before any writes: all but one must find the note changed and merge again.
                        first = false;
                        allRead.Signal();
                        allRead.Wait(TimeSpan.FromSeconds(20), Ct);
                    }

                    SignedCheckpoint note = stored is null ? logNote : SignedCheckpoint.Open(stored, _logVerifier);
                    return note.WithSignature(witness.Sign(note.Checkpoint, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds())).Format();
                },
                Ct);
        }

        byte[][] answers = await Task.WhenAll(witnesses.Select(w => Task.Run(() => AddAsync(w), Ct)));

        byte[] stored = (await Notes(container).ReadAsync(logNote.Checkpoint, Ct))!;
        SignedCheckpoint final = SignedCheckpoint.Open(stored, _logVerifier);
        foreach (Cosigner witness in witnesses)
        {
            new CosignatureVerifier(witness.VerifierKey).Verify(final);
        }

        Assert.Equal(Writers + 1, final.Note.Signatures.Count); // the log's line and one per witness
        Assert.True(merges >= Writers + Writers - 1, $"only {merges} merges for {Writers} writers: they never collided");
        Assert.Contains(answers, answer => answer.AsSpan().SequenceEqual(stored));
        Assert.All(answers, answer => Assert.StartsWith(Encoding.UTF8.GetString(logNote.Format()), Encoding.UTF8.GetString(answer), StringComparison.Ordinal));
        Assert.Equal(stored, await Notes(container).ReadLatestAsync(Ct));
        foreach (Cosigner witness in witnesses)
        {
            witness.Dispose();
        }
    }

    [Fact]
    public async Task The_latest_note_is_the_largest_checkpoint_whatever_order_and_silo_stored_them()
    {
        string container = AzuriteFixture.NewContainerName();
        Assert.Null(await Notes(container).ReadLatestAsync(Ct));
        Assert.Null(await Notes(container).ReadAsync(Sign(1).Checkpoint, Ct));
        using Cosigner witness = WitnessKeys.OpenCosigner(WitnessKeys.Generate("latest.example.org").SignerKey);
        var stored = new ConcurrentDictionary<ulong, byte[]>();

        async Task CosignAsync(ulong size)
        {
            SignedCheckpoint note = Sign(size);
            stored[size] = await Notes(container).UpdateAsync(
                note.Checkpoint, _ => note.WithSignature(witness.Sign(note.Checkpoint, 1_700_000_000)).Format(), Ct);
        }

        await CosignAsync(5);
        Assert.Equal(stored[5], await Notes(container).ReadLatestAsync(Ct));
        await CosignAsync(300);
        await CosignAsync(40); // older: latest stays at 300
        Assert.Equal(stored[300], await Notes(container).ReadLatestAsync(Ct));
        await Task.WhenAll(new ulong[] { 299, 1000, 512, 7 }.Select(size => Task.Run(() => CosignAsync(size), Ct)));

        byte[] latest = (await Notes(container).ReadLatestAsync(Ct))!;
        Assert.Equal(stored[1000], latest);
        Assert.Equal(1000UL, SignedCheckpoint.Open(latest, _logVerifier).Checkpoint.Size);
        Assert.Equal(stored[40], await Notes(container).ReadAsync(Sign(40).Checkpoint, Ct));
        Assert.True(await new BlobContainerClient(azurite.ConnectionString, container)
            .GetBlobClient(BlobCosignatureNotes.BlobNameOf(Sign(1000).Checkpoint)).ExistsAsync(Ct));

        // Merging nothing new writes nothing and still answers the stored note.
        SignedCheckpoint again = Sign(1000);
        Assert.Equal(stored[1000], await Notes(container).UpdateAsync(again.Checkpoint, existing => existing!, Ct));
    }

    public void Dispose() => _log.Dispose();

    private BlobCosignatureNotes Notes(string container) => new(new BlobContainerClient(azurite.ConnectionString, container));

    /// <summary>The log's signed checkpoint of <paramref name="size"/> leaves (a root made up from the size).</summary>
    private SignedCheckpoint Sign(ulong size) =>
        SignedCheckpoint.Sign(new Checkpoint(Origin, size, Rfc6962.HashLeaf(BitConverter.GetBytes(size))), _log);
}
