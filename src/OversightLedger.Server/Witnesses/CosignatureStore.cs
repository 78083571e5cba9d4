using System.Globalization;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Witnesses;
using OversightLedger.Server.Hosting;
using OversightLedger.Storage.Posix;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Server.Witnesses;

/// <summary>
/// The witnesses' cosignatures: the checks a submitted note must pass (only the log's current checkpoint, at least one
/// line of a registered witness key, every such line verifying) and the note per cosigned checkpoint that holds the
/// accepted lines, kept through an <see cref="ICosignatureFiles"/> before a cosignature is acknowledged: files under
/// <c>data/witness/</c> in the embedded profile, blobs every silo shares in the azure profile.
/// The configured witnesses' answers (<see cref="WitnessSubmissionService"/>) go through
/// <see cref="AddWitnessCosignatureAsync"/> into the same notes, verified with the configured key.
/// <para>
/// Reads are answered from memory: <see cref="WithCosignaturesAsync"/> holds the lines of the one checkpoint it last
/// served and reads that checkpoint's note again when the log's checkpoint changes or what it holds is older than
/// <see cref="ICosignatureFiles.Freshness"/> (never with files, which only this process writes; two seconds with
/// blobs, so a cosignature handed to another silo shows here within that). <see cref="LatestCosignedAsync"/> is cached
/// the same way. A cosignature accepted here is in memory at once.
/// </para>
/// </summary>
internal sealed class CosignatureStore : ICosignatureStore, IDisposable
{
    private readonly AuditLogStore _log;
    private readonly IGrainFactory _grains;
    private readonly ICosignatureFiles _files;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile Snapshot? _latest;
    private Served? _served;

    /// <summary>The embedded profile's store: files under <c>witness/</c> in the data directory.</summary>
    public CosignatureStore(ServerOptions options, AuditLogStore log, IGrainFactory grains)
        : this(log, grains, new FileCosignatureFiles(Path.Combine(options.DataDirectory, "witness")))
    {
    }

    /// <summary>A store that keeps its notes in <paramref name="files"/>.</summary>
    public CosignatureStore(AuditLogStore log, IGrainFactory grains, ICosignatureFiles files)
    {
        _log = log;
        _grains = grains;
        _files = files;
    }

    /// <inheritdoc/>
    public async Task<CosignedCheckpoint> AddAsync(ReadOnlyMemory<byte> note, CancellationToken cancellationToken = default)
    {
        (SignedNote submitted, Checkpoint checkpoint) = Parse(note.Span);
        if (checkpoint.Origin != _log.Origin)
        {
            throw new CosignatureRejectedException(
                CosignatureRejection.WrongLog, $"the checkpoint is of log '{checkpoint.Origin}'; this log is '{_log.Origin}'.");
        }

        LogTreeHead head = await _grains.GetGrain<IAuditLogGrain>(_log.Origin).GetTreeHeadAsync();
        SignedCheckpoint current = SignedCheckpoint.Open(head.Checkpoint, _log.Verifier);
        if (!current.Checkpoint.Equals(checkpoint))
        {
            throw new CosignatureRejectedException(
                CosignatureRejection.StaleCheckpoint,
                $"the note holds a checkpoint of size {checkpoint.Size} (root {checkpoint.Root}), but the log's current checkpoint is of size "
                + $"{current.Checkpoint.Size} (root {current.Checkpoint.Root}); fetch /log/checkpoint again and cosign that.");
        }

        IReadOnlyList<NoteSignature> accepted = await VerifyCosignaturesAsync(submitted, checkpoint);
        return await StoreAsync(current, accepted, isCurrent: true, cancellationToken);
    }

    /// <summary>
    /// Keeps the cosignature <paramref name="line"/> that a configured witness (<see cref="WitnessSubmissionService"/>)
    /// answered for <paramref name="logCheckpoint"/>, one of the log's own signed checkpoints, the current one or an
    /// older one. The line is verified here with <paramref name="witness"/> before anything is stored.
    /// </summary>
    /// <exception cref="NoteVerificationException">The line is not a valid cosignature of the checkpoint by <paramref name="witness"/>; nothing was stored.</exception>
    public Task<CosignedCheckpoint> AddWitnessCosignatureAsync(
        SignedCheckpoint logCheckpoint, NoteSignature line, CosignatureVerifier witness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logCheckpoint);
        ArgumentNullException.ThrowIfNull(witness);
        witness.Verify(logCheckpoint.Checkpoint, line);
        SignedCheckpoint own = SignedCheckpoint.Open(logCheckpoint.Format(), _log.Verifier);
        return StoreAsync(own, [line], isCurrent: false, cancellationToken);
    }

    /// <summary>Adds <paramref name="lines"/> to the note stored for <paramref name="signed"/>'s checkpoint and to what is held in memory.</summary>
    private async Task<CosignedCheckpoint> StoreAsync(SignedCheckpoint signed, IReadOnlyList<NoteSignature> lines, bool isCurrent, CancellationToken cancellationToken)
    {
        Checkpoint checkpoint = signed.Checkpoint;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            // The merge may run more than once (blobs: another silo stored lines meanwhile); each time it adds the
            // lines to what is stored then, so no witness's line is lost.
            byte[] stored = await _files.UpdateAsync(
                checkpoint,
                existing =>
                {
                    SignedCheckpoint cosigned = existing is null ? signed : SignedCheckpoint.Open(existing, _log.Verifier);
                    foreach (NoteSignature line in lines)
                    {
                        cosigned = cosigned.WithSignature(line);
                    }

                    return cosigned.Format();
                },
                cancellationToken);

            CosignedCheckpoint result = Cosigned(SignedCheckpoint.Open(stored, _log.Verifier));
            long now = Environment.TickCount64;

            // Serving an older checkpoint's lines only makes the next read of the current one a cache miss.
            Volatile.Write(ref _served, new Served(signed.Note.Text, Task.FromResult<CosignedCheckpoint?>(result), now));

            // The current checkpoint is the newest there is; an older one replaces only a snapshot known to be older.
            Snapshot? latest = _latest;
            if (isCurrent ? latest?.Value is null || latest.Value.Checkpoint.Size <= checkpoint.Size
                : latest is not null && (latest.Value is null || latest.Value.Checkpoint.Size <= checkpoint.Size))
            {
                _latest = new Snapshot(result, now);
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
        // Readers do not wait for a write in progress: they see the latest acknowledged state.
        if (_latest is { } fresh && IsFresh(fresh.ReadAt))
        {
            return fresh.Value;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_latest is { } meanwhile && IsFresh(meanwhile.ReadAt))
            {
                return meanwhile.Value;
            }

            byte[]? bytes = await _files.ReadLatestAsync(cancellationToken);
            CosignedCheckpoint? latest = bytes is null ? null : Cosigned(SignedCheckpoint.Open(bytes, _log.Verifier));
            _latest = new Snapshot(latest, Environment.TickCount64);
            return latest;
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
        SignedNote note = SignedNote.Parse(logNote);
        Served? served = Volatile.Read(ref _served);
        if (served is null || served.Text != note.Text || !IsFresh(served.ReadAt) || served.Value.IsFaulted || served.Value.IsCanceled)
        {
            // One read per checkpoint (and per Freshness), shared by the readers that arrive meanwhile; a write that
            // lands meanwhile wins, so an older read never replaces a newer acknowledged cosignature.
            var reading = new Served(note.Text, ReadServedAsync(note.Text), Environment.TickCount64);
            Served? before = Interlocked.CompareExchange(ref _served, reading, served);
            served = ReferenceEquals(before, served) ? reading : before!;
            if (served.Text != note.Text)
            {
                served = reading;
            }
        }

        CosignedCheckpoint? cosigned = await served.Value.WaitAsync(cancellationToken);
        if (cosigned is null || cosigned.Signed.Note.Text != note.Text)
        {
            return logNote;
        }

        foreach (NoteSignature line in cosigned.Cosignatures)
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
        WitnessRecord[] witnesses = await _grains.GetGrain<IWitnessRegistryGrain>(WitnessRegistry.Key).ListAsync();
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
        new(signed, [.. signed.Note.Signatures.Where(s => s.Name != _log.Verifier.Name || s.KeyHash != _log.Verifier.KeyHash)]);

    private bool IsFresh(long readAt) =>
        _files.Freshness == Timeout.InfiniteTimeSpan || Environment.TickCount64 - readAt < (long)_files.Freshness.TotalMilliseconds;

    /// <summary>The cosignatures stored for the checkpoint whose text is <paramref name="text"/>, read without the caller's cancellation (readers share it).</summary>
    private async Task<CosignedCheckpoint?> ReadServedAsync(string text)
    {
        byte[]? bytes = await _files.ReadAsync(Checkpoint.Parse(text), CancellationToken.None);
        return bytes is null ? null : Cosigned(SignedCheckpoint.Open(bytes, _log.Verifier));
    }

    /// <summary>What was read or written, and when (<see cref="Environment.TickCount64"/>).</summary>
    private sealed record Snapshot(CosignedCheckpoint? Value, long ReadAt);

    /// <summary>The cosignatures of the checkpoint whose text is <paramref name="Text"/>, as read or written at <paramref name="ReadAt"/>.</summary>
    private sealed record Served(string Text, Task<CosignedCheckpoint?> Value, long ReadAt);
}
