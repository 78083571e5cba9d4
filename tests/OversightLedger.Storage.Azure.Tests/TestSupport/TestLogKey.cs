using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Storage.Azure.Tests.TestSupport;

/// <summary>One Ed25519 log key for the test run, and the steps every writer takes to open a log with it.</summary>
internal static class TestLogKey
{
    public const string Origin = "azure.test.example/log";

    private static readonly (string SignerKey, string VerifierKey) Keys = NoteSigner.Generate(Origin);

    public static ICheckpointSigner Signer { get; } = new NoteCheckpointSigner(Origin, new NoteSigner(Keys.SignerKey));

    public static NoteVerifier Verifier { get; } = new(Keys.VerifierKey);

    /// <summary>Reads and verifies the checkpoint through <paramref name="storage"/> (so the storage holds its version) and opens a writer on it.</summary>
    public static async Task<(TileLogWriter Writer, Checkpoint Checkpoint)> OpenAsync(ILogStorage storage, CancellationToken cancellationToken)
    {
        Checkpoint checkpoint = await ReadCheckpointAsync(storage, cancellationToken);
        TileLogWriter writer = await TileLogWriter.OpenAsync(storage, Signer, checkpoint.Size, checkpoint.Root, cancellationToken);
        return (writer, checkpoint);
    }

    /// <summary>The log's checkpoint, its signature verified.</summary>
    public static async Task<Checkpoint> ReadCheckpointAsync(ILogReader log, CancellationToken cancellationToken)
    {
        byte[] note = await log.ReadAsync(TilePath.Checkpoint, cancellationToken) ?? throw new InvalidDataException($"{log.Location} has no checkpoint.");
        return SignedCheckpoint.Open(note, Verifier).Checkpoint;
    }

    /// <summary>Entries <c>{"writer":"w","entry":i}</c> for i in [first, first + count).</summary>
    public static ReadOnlyMemory<byte>[] Entries(string writer, int first, int count) =>
        [.. Enumerable.Range(first, count).Select(i => (ReadOnlyMemory<byte>)System.Text.Encoding.UTF8.GetBytes($"{{\"writer\":\"{writer}\",\"entry\":{i}}}"))];

    /// <summary>Checks with an RFC 6962 consistency proof, built from the log's tiles, that (oldSize, oldRoot) is a prefix of (newSize, newRoot).</summary>
    public static async Task AssertConsistentAsync(ILogReader log, ulong oldSize, MerkleHash oldRoot, ulong newSize, MerkleHash newRoot, CancellationToken cancellationToken)
    {
        Assert.True(oldSize <= newSize, $"the log shrank from {oldSize} to {newSize}");
        if (oldSize == 0)
        {
            return;
        }

        if (oldSize == newSize)
        {
            Assert.Equal(oldRoot, newRoot);
            return;
        }

        var hashes = new TileNodeHashReader(log, newSize);
        MerkleHash[] proof = await ProofBuilder.ConsistencyAsync(hashes, oldSize, newSize, cancellationToken);
        ProofVerifier.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, proof);
    }

    /// <summary>Entries [first, first + count) of the log, read from its entry bundles.</summary>
    public static async Task<List<byte[]>> ReadEntriesAsync(ILogReader log, ulong treeSize, ulong first, int count, CancellationToken cancellationToken)
    {
        var entries = new List<byte[]>(count);
        var bundles = new Dictionary<ulong, List<ReadOnlyMemory<byte>>>();
        for (ulong index = first; index < first + (ulong)count; index++)
        {
            ulong bundle = index / TileLayout.Width;
            if (!bundles.TryGetValue(bundle, out List<ReadOnlyMemory<byte>>? decoded))
            {
                string path = TilePath.Entries(bundle, TileLayout.TileWidth(treeSize, 0, bundle));
                decoded = EntryBundle.Decode(await log.ReadAsync(path, cancellationToken) ?? throw new InvalidDataException($"{path} is missing."));
                bundles[bundle] = decoded;
            }

            entries.Add(decoded[(int)(index % TileLayout.Width)].ToArray());
        }

        return entries;
    }
}
