using System.Globalization;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Witnesses;
using OversightLedger.Server.Hosting;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Server.Witnesses;

/// <summary>
/// The witnesses' cosignatures in the embedded profile: one file per cosigned checkpoint under <c>data/witness/</c>
/// (<c>&lt;size&gt;.&lt;hex root&gt;.note</c>, the log's note followed by the cosignature lines), each replaced atomically
/// (temporary file, fsync, rename, directory fsync) before a cosignature is acknowledged. Only the log's current
/// checkpoint is accepted, so the newest file is the only one <c>/log/checkpoint</c> can need; it is kept in memory.
/// </summary>
internal sealed class CosignatureStore(ServerOptions options, AuditLogStore log, IGrainFactory grains) : ICosignatureStore, IDisposable
{
    private const string NoteSuffix = ".note";
    private const string TemporarySuffix = ".tmp";

    private readonly string _directory = Path.Combine(options.DataDirectory, "witness");
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile CosignedCheckpoint? _latest;
    private volatile bool _loaded;

    /// <inheritdoc/>
    public async Task<CosignedCheckpoint> AddAsync(ReadOnlyMemory<byte> note, CancellationToken cancellationToken = default)
    {
        (SignedNote submitted, Checkpoint checkpoint) = Parse(note.Span);
        if (checkpoint.Origin != log.Origin)
        {
            throw new CosignatureRejectedException(
                CosignatureRejection.WrongLog, $"the checkpoint is of log '{checkpoint.Origin}'; this log is '{log.Origin}'.");
        }

        LogTreeHead head = await grains.GetGrain<IAuditLogGrain>(log.Origin).GetTreeHeadAsync();
        SignedCheckpoint current = SignedCheckpoint.Open(head.Checkpoint, log.Verifier);
        if (!current.Checkpoint.Equals(checkpoint))
        {
            throw new CosignatureRejectedException(
                CosignatureRejection.StaleCheckpoint,
                $"the note holds a checkpoint of size {checkpoint.Size} (root {checkpoint.Root}), but the log's current checkpoint is of size "
                + $"{current.Checkpoint.Size} (root {current.Checkpoint.Root}); fetch /log/checkpoint again and cosign that.");
        }

        IReadOnlyList<NoteSignature> accepted = await VerifyCosignaturesAsync(submitted, checkpoint);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await LoadAsync(cancellationToken);
            string path = PathOf(checkpoint);
            SignedCheckpoint cosigned = await ReadAsync(path, cancellationToken) is { } stored ? stored.Signed : current;
            byte[] before = cosigned.Format();
            foreach (NoteSignature line in accepted)
            {
                cosigned = cosigned.WithSignature(line);
            }

            byte[] after = cosigned.Format();
            if (!before.AsSpan().SequenceEqual(after))
            {
                await WriteAtomicallyAsync(path, after, cancellationToken);
            }

            CosignedCheckpoint result = Cosigned(cosigned);
            if (_latest is null || _latest.Checkpoint.Size <= checkpoint.Size)
            {
                _latest = result;
            }

            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<CosignedCheckpoint?> LatestCosignedAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded)
        {
            // Readers (every GET /log/checkpoint) do not wait for a write in progress: they see the latest acknowledged state.
            return _latest;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            await LoadAsync(cancellationToken);
            return _latest;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// The note to serve for the log's checkpoint <paramref name="logNote"/> (as the log wrote it): the same bytes followed
    /// by the cosignature lines stored for exactly that checkpoint, or the same bytes unchanged when it has none.
    /// </summary>
    public async Task<byte[]> WithCosignaturesAsync(byte[] logNote, CancellationToken cancellationToken = default)
    {
        CosignedCheckpoint? latest = await LatestCosignedAsync(cancellationToken);
        if (latest is null)
        {
            return logNote;
        }

        SignedNote note = SignedNote.Parse(logNote);
        if (note.Text != latest.Signed.Note.Text)
        {
            return logNote;
        }

        foreach (NoteSignature line in latest.Cosignatures)
        {
            note = note.WithSignature(line);
        }

        return note.Format();
    }

    public void Dispose() => _lock.Dispose();

    private static (SignedNote Note, Checkpoint Checkpoint) Parse(ReadOnlySpan<byte> note)
    {
        try
        {
            SignedNote parsed = SignedNote.Parse(note);
            return (parsed, Checkpoint.Parse(parsed.Text));
        }
        catch (FormatException e)
        {
            throw new CosignatureRejectedException(CosignatureRejection.MalformedNote, $"the body is not a signed checkpoint note: {e.Message}", e);
        }
    }

    /// <summary>The lines of <paramref name="note"/> from registered witness keys, each verified; any other line is ignored.</summary>
    private async Task<IReadOnlyList<NoteSignature>> VerifyCosignaturesAsync(SignedNote note, Checkpoint checkpoint)
    {
        WitnessRecord[] witnesses = await grains.GetGrain<IWitnessRegistryGrain>(WitnessRegistry.Key).ListAsync();
        var verifiers = new Dictionary<(string, uint), (CosignatureVerifier Verifier, string Witness)>();
        foreach (WitnessRecord witness in witnesses)
        {
            var verifier = new CosignatureVerifier(witness.VerifierKey);
            verifiers[(verifier.Name, verifier.KeyHash)] = (verifier, witness.Name);
        }

        var accepted = new List<NoteSignature>();
        foreach (NoteSignature line in note.Signatures)
        {
            if (!verifiers.TryGetValue((line.Name, line.KeyHash), out (CosignatureVerifier Verifier, string Witness) known))
            {
                continue;
            }

            try
            {
                known.Verifier.Verify(checkpoint, line);
            }
            catch (NoteVerificationException e)
            {
                throw new CosignatureRejectedException(
                    CosignatureRejection.InvalidCosignature, $"the cosignature of witness '{known.Witness}' does not verify: {e.Message}.", e);
            }

            accepted.Add(line);
        }

        if (accepted.Count == 0)
        {
            string keys = string.Join(", ", note.Signatures.Select(s => $"{s.Name}+{s.KeyHash.ToString("x8", CultureInfo.InvariantCulture)}"));
            throw new CosignatureRejectedException(
                CosignatureRejection.UnknownWitness,
                $"no signature line is from a registered witness key (the note is signed by {keys}); a watchdog registers its witness key with POST /api/witnesses.");
        }

        return accepted;
    }

    private CosignedCheckpoint Cosigned(SignedCheckpoint signed) =>
        new(signed, [.. signed.Note.Signatures.Where(s => s.Name != log.Verifier.Name || s.KeyHash != log.Verifier.KeyHash)]);

    private string PathOf(Checkpoint checkpoint) =>
        Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $"{checkpoint.Size}.{checkpoint.Root.ToHex()}{NoteSuffix}"));

    private async Task<CosignedCheckpoint?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return Cosigned(SignedCheckpoint.Open(bytes, log.Verifier));
    }

    /// <summary>Finds the newest stored checkpoint once, and removes temporary files a crash left behind.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        if (Directory.Exists(_directory))
        {
            foreach (string temporary in Directory.EnumerateFiles(_directory, "*" + TemporarySuffix))
            {
                File.Delete(temporary);
            }

            string? newest = Directory.EnumerateFiles(_directory, "*" + NoteSuffix)
                .Select(path => (Path: path, Size: SizeOf(path)))
                .Where(file => file.Size is not null)
                .MaxBy(file => file.Size)
                .Path;
            _latest = newest is null ? null : await ReadAsync(newest, cancellationToken);
        }

        _loaded = true;
    }

    private static ulong? SizeOf(string path) =>
        ulong.TryParse(Path.GetFileName(path).Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong size) ? size : null;

    private async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_directory))
        {
            Directory.CreateDirectory(_directory);
            PosixDirectorySync.Sync(Path.GetDirectoryName(_directory)!);
        }

        string temporary = $"{path}.{Guid.NewGuid():N}{TemporarySuffix}";
        try
        {
            await using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None }))
            {
                await stream.WriteAsync(bytes, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        PosixDirectorySync.Sync(_directory);
    }
}
