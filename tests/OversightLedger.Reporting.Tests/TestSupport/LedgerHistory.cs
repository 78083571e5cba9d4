using OversightLedger.Domain.Entries;
using OversightLedger.Reporting.Model;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Reporting.Tests.TestSupport;

/// <summary>The leaves of a log to be, in order, and how to write them into a real signed tlog-tiles log on disk.</summary>
internal sealed class LedgerHistory
{
    public const string Origin = "example.org/report-tests";

    private readonly List<byte[]> _leaves = [];

    public IReadOnlyList<byte[]> Leaves => _leaves;

    public ulong Count => (ulong)_leaves.Count;

    /// <summary>Appends an entry's canonical bytes; returns its leaf index.</summary>
    public ulong Add(LedgerEntry entry) => AddRaw(entry.ToCanonicalJson());

    /// <summary>Appends any bytes (the log takes any leaf; a report must cope with leaves that are not entries).</summary>
    public ulong AddRaw(byte[] leaf)
    {
        _leaves.Add(leaf);
        return (ulong)_leaves.Count - 1;
    }

    /// <summary>
    /// Writes every leaf into a new log in <paramref name="directory"/> through <see cref="TileLogWriter"/>, in batches of
    /// <paramref name="batchSize"/> (each batch a signed checkpoint), and returns the last checkpoint.
    /// </summary>
    /// <param name="directory">Where the log goes.</param>
    /// <param name="batchSize">Entries per append.</param>
    /// <param name="cosigner">When given, a witness that cosigns the last checkpoint (its line is added to the checkpoint file).</param>
    public async Task<WrittenLog> WriteAsync(string directory, int batchSize = 100, Cosigner? cosigner = null)
    {
        (string signerKey, string verifierKey) = NoteSigner.Generate(Origin);
        using var signer = new NoteSigner(signerKey);
        var storage = new FileSystemLogStorage(directory);
        TileLogWriter writer = await TileLogWriter.CreateAsync(storage, new NoteCheckpointSigner(Origin, signer), TestContext.Current.CancellationToken);
        for (int first = 0; first < _leaves.Count; first += batchSize)
        {
            ReadOnlyMemory<byte>[] batch = [.. _leaves.Skip(first).Take(batchSize).Select(l => (ReadOnlyMemory<byte>)l)];
            await writer.AppendAsync(batch, TestContext.Current.CancellationToken);
        }

        byte[] note = (await storage.ReadAsync("checkpoint", TestContext.Current.CancellationToken))!;
        if (cosigner is not null)
        {
            SignedCheckpoint signed = SignedCheckpoint.Open(note, new NoteVerifier(verifierKey));
            note = signed.WithSignature(cosigner.Sign(signed.Checkpoint, 1_790_000_000)).Format();
            await File.WriteAllBytesAsync(Path.Combine(directory, "checkpoint"), note, TestContext.Current.CancellationToken);
        }

        return new WrittenLog(directory, verifierKey, ReportCheckpoint.FromSignedNote(note));
    }
}
