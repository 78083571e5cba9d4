using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Tests.Witnessing;

/// <summary>A real tile log in a directory (<see cref="TileLogWriter"/> on <see cref="FileSystemLogStorage"/>), grown a few entries at a time.</summary>
internal sealed class GrowingTileLog
{
    private readonly TileLogWriter _writer;
    private readonly string _entryPrefix;
    private int _next;

    private GrowingTileLog(FileSystemLogStorage storage, TileLogWriter writer, NoteVerifier verifier, string entryPrefix)
    {
        _entryPrefix = entryPrefix;
        Storage = storage;
        _writer = writer;
        Verifier = verifier;
    }

    public FileSystemLogStorage Storage { get; }

    public NoteVerifier Verifier { get; }

    /// <summary>A new log; its entries are "<paramref name="entryPrefix"/> 0", "… 1", and so on (another prefix: a fork).</summary>
    public static async Task<GrowingTileLog> CreateAsync(string directory, string origin, string entryPrefix = "entry")
    {
        (string signerKey, string verifierKey) = NoteSigner.Generate(origin);
        var storage = new FileSystemLogStorage(directory);
        TileLogWriter writer = await TileLogWriter.CreateAsync(storage, new NoteCheckpointSigner(origin, new NoteSigner(signerKey)), TestContext.Current.CancellationToken);
        return new GrowingTileLog(storage, writer, new NoteVerifier(verifierKey), entryPrefix);
    }

    /// <summary>Appends <paramref name="count"/> entries and returns the new signed checkpoint, as the log stored it.</summary>
    public async Task<SignedCheckpoint> AppendAsync(int count)
    {
        ReadOnlyMemory<byte>[] entries = [.. Enumerable.Range(_next, count).Select(i => (ReadOnlyMemory<byte>)System.Text.Encoding.UTF8.GetBytes($"{_entryPrefix} {i}\n"))];
        _next += count;
        await _writer.AppendAsync(entries, TestContext.Current.CancellationToken);
        byte[] note = (await Storage.ReadAsync(TilePath.Checkpoint, TestContext.Current.CancellationToken))!;
        return SignedCheckpoint.Open(note, Verifier);
    }
}
