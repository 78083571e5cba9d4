using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Cli.Tests.Witness;

/// <summary>
/// A real tile log in a directory, written with the library's <see cref="TileLogWriter"/>, from which a test builds
/// add-checkpoint requests: signed checkpoints and consistency proofs read from the tiles, as a log would send them.
/// </summary>
internal sealed class GrowingLog
{
    private readonly FileSystemLogStorage _storage;
    private readonly TileLogWriter _writer;
    private int _appended;

    private GrowingLog(string origin, string signerKey, string verifierKey, FileSystemLogStorage storage, TileLogWriter writer)
    {
        Origin = origin;
        SignerKey = signerKey;
        VerifierKey = verifierKey;
        _storage = storage;
        _writer = writer;
    }

    public string Origin { get; }

    /// <summary>The log's secret key, to forge what a compromised log would sign (a fork).</summary>
    public string SignerKey { get; }

    public string VerifierKey { get; }

    public static async Task<GrowingLog> CreateAsync(string directory, string origin)
    {
        (string signerKey, string verifierKey) = NoteSigner.Generate(origin);
        var storage = new FileSystemLogStorage(directory);
        TileLogWriter writer = await TileLogWriter.CreateAsync(storage, new NoteCheckpointSigner(origin, new NoteSigner(signerKey)));
        return new GrowingLog(origin, signerKey, verifierKey, storage, writer);
    }

    /// <summary>Appends <paramref name="count"/> entries and returns the new signed checkpoint.</summary>
    public async Task<SignedCheckpoint> AppendAsync(int count)
    {
        var entries = new List<ReadOnlyMemory<byte>>();
        for (int i = 0; i < count; i++)
        {
            entries.Add(System.Text.Encoding.UTF8.GetBytes($"{{\"entry\":{++_appended}}}"));
        }

        LogAppendResult result = await _writer.AppendAsync(entries);
        return SignedCheckpoint.Open(result.Checkpoint, new NoteVerifier(VerifierKey));
    }

    /// <summary>The consistency proof from <paramref name="oldSize"/> to the log's current size, read from its tiles.</summary>
    public async Task<MerkleHash[]> ProofFromAsync(ulong oldSize) =>
        await WitnessConsistencyProof.FromTilesAsync(_storage, new WitnessState(Origin, oldSize, Rfc6962.EmptyRoot), _writer.Size);

    /// <summary>The inclusion proof of entry <paramref name="index"/> in the log's current tree, and the entry's bytes.</summary>
    public async Task<(MerkleHash[] Proof, byte[] Entry)> InclusionAsync(ulong index) =>
        (await ProofBuilder.InclusionAsync(new TileNodeHashReader(_storage, _writer.Size), index, _writer.Size),
            System.Text.Encoding.UTF8.GetBytes($"{{\"entry\":{index + 1}}}"));

    /// <summary>An add-checkpoint request extending <paramref name="oldSize"/> to the log's current checkpoint.</summary>
    public async Task<byte[]> RequestFromAsync(ulong oldSize, SignedCheckpoint current) =>
        new AddCheckpointRequest(oldSize, await ProofFromAsync(oldSize), current.Format()).Format();

    /// <summary>A checkpoint of this log's origin and <paramref name="size"/> with another root, signed with the log's key: a fork.</summary>
    public SignedCheckpoint Fork(ulong size) =>
        SignedCheckpoint.Sign(new Checkpoint(Origin, size, Rfc6962.HashLeaf("forged"u8)), new NoteSigner(SignerKey));
}
