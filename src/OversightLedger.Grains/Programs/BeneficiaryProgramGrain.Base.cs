using Microsoft.Extensions.Logging;
using OversightLedger.Domain.Programs;
using OversightLedger.Grains.Snapshots;

namespace OversightLedger.Grains.Programs;

/// <summary>
/// The program's stored base (issue 17): its snapshots hold only what changed since a base of its bulk state (enrolled
/// pseudonyms, id filters, open periods' totals as sorted arrays), stored beside them under a name that holds its SHA-256
/// (<see cref="ProgramBase.StoreName"/>, as closed periods are). The snapshots stay small, so they come every few thousand
/// entries (their size sets the pace, <see cref="GrainSnapshotOptions.BytesPerEntry"/>) and a restart replays a short tail.
/// A base is written again in the background when the changes grow past a sixteenth of it; a snapshot names it only once
/// it is stored; a base no snapshot names any more is emptied. A base missing or not matching its digest discards the
/// snapshot: the program replays its log (the log stays the truth).
/// </summary>
public sealed partial class BeneficiaryProgramGrain
{
    private IGrainSnapshotStore? _baseStore;
    private long _baseBytes = new GrainSnapshotOptions().ProgramBaseBytes;
    private Task? _writingBase;
    private string? _namedBase;
    private readonly List<string> _supersededBases = [];

    /// <summary>The program in its snapshot (<paramref name="body"/>) and the base it names, read from the store; off the grain's turn.</summary>
    /// <exception cref="InvalidDataException">The snapshot is not sound, or its base is missing, unreadable or damaged.</exception>
    private static async Task<BeneficiaryProgram> FromSnapshotAndBaseAsync(IGrainSnapshotStore store, string id, byte[] body)
    {
        string? digest = BeneficiaryProgram.BaseNamedBy(id, body);
        byte[]? content = null;
        if (digest is not null)
        {
            try
            {
                content = await store.ReadAsync(ProgramBase.StoreName(id, digest));
            }
            catch (Exception e) when (e is not OutOfMemoryException and not InvalidDataException)
            {
                throw new InvalidDataException($"its base {digest} cannot be read: {e.Message}", e);
            }
        }

        return BeneficiaryProgram.FromLogBackedSnapshot(id, body, content);
    }

    /// <summary>
    /// After a snapshot is written (on the grain's turn): the bases no snapshot names any more are emptied, and a new base
    /// is started when one is due.
    /// </summary>
    private void AfterSnapshotWritten(BeneficiaryProgram program)
    {
        if (_baseStore is { } store && _namedBase == program.BaseDigest && _supersededBases.Count > 0)
        {
            string[] superseded = [.. _supersededBases];
            _supersededBases.Clear();
            _ = EmptySupersededBasesAsync(store, program.ProgramId, superseded);
        }

        WriteBaseInBackground(program);
    }

    /// <summary>Starts writing a new base of the program when one is due, in the background, one at a time. On the grain's turn.</summary>
    private void WriteBaseInBackground(BeneficiaryProgram program)
    {
        if (_baseStore is { } store && _writingBase is null && program.IsBaseDue(_baseBytes))
        {
            _writingBase = WriteBaseAsync(program, store);
        }
    }

    private async Task WriteBaseAsync(BeneficiaryProgram program, IGrainSnapshotStore store)
    {
        ProgramBase frozen = program.FreezeBase(); // on the grain's turn: nothing changes while it is frozen
        try
        {
            await Task.Run(frozen.Encode); // merge and hash off the grain's turn (the digest is the base's name)
            await store.WriteStreamedAsync( // streamed from the merged arrays, off the turn too: never held whole as bytes
                ProgramBase.StoreName(program.ProgramId, frozen.Digest), (stream, cancel) => Task.Run(() => frozen.WriteTo(stream), cancel));
            string? former = program.BaseDigest;
            program.AdoptBase(frozen); // back on the grain's turn: the next snapshot names the new base
            if (former is not null && former != frozen.Digest)
            {
                _supersededBases.Add(former);
            }

            if (_logger is { } logger)
            {
                LogBaseWritten(logger, program.ProgramId, frozen.Digest, frozen.Length);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            program.ThawBase(frozen);
            if (_logger is { } logger)
            {
                LogBaseWriteFailed(logger, e, program.ProgramId);
            }
        }
        finally
        {
            _writingBase = null;
        }
    }

    /// <summary>
    /// Empties the stored bases no snapshot names any more (the store can only replace a name's content): a restart never
    /// reads them, and their space is given back.
    /// </summary>
    private async Task EmptySupersededBasesAsync(IGrainSnapshotStore store, string programId, string[] digests)
    {
        foreach (string digest in digests)
        {
            try
            {
                await store.WriteAsync(ProgramBase.StoreName(programId, digest), ReadOnlyMemory<byte>.Empty);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (_logger is { } logger)
                {
                    LogBaseWriteFailed(logger, e, programId);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote the base {Digest} of program {Program} beside its snapshot ({Bytes} bytes)")]
    private static partial void LogBaseWritten(ILogger logger, string program, string digest, long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing or emptying a base of program {Program} failed; its snapshots stand on the former base")]
    private static partial void LogBaseWriteFailed(ILogger logger, Exception exception, string program);
}
