using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Transparency.Witnessing;

/// <summary>
/// The witness side of c2sp.org/tlog-witness, without HTTP: <see cref="AddCheckpointAsync"/> takes an
/// <c>add-checkpoint</c> body and gives the status and body to answer. It follows the logs whose verifier keys it
/// was given (a log's origin is its key's name), checks in the spec's order — 400 malformed, 404 unknown origin,
/// 403 no valid signature of a trusted key, 400 old size above the checkpoint's, 409 old size not the latest cosigned
/// (body: that size, <c>text/x.tlog.size</c>), 422 bad consistency proof, 409 same size with another root — and
/// cosigns (cosignature/v1, timestamped) only after the new state is durably on disk. The check and the write are one
/// critical section per origin, so concurrent requests can never roll the recorded size back.
/// </summary>
public sealed class TlogWitness : IDisposable
{
    private readonly Dictionary<string, NoteVerifier[]> _logKeys;
    private readonly Cosigner _cosigner;
    private readonly WitnessStateDirectory _states;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, SemaphoreSlim> _originLocks;

    /// <summary>A witness of the logs signed by <paramref name="logKeys"/>, cosigning with <paramref name="cosigner"/>.</summary>
    /// <param name="logKeys">The trusted log verifier keys; each key's name is its log's origin (several keys may share one).</param>
    /// <param name="cosigner">The witness's cosignature/v1 key.</param>
    /// <param name="states">Where the latest cosigned checkpoint of each log is kept.</param>
    /// <param name="time">The clock that timestamps cosignatures.</param>
    public TlogWitness(IEnumerable<NoteVerifier> logKeys, Cosigner cosigner, WitnessStateDirectory states, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(logKeys);
        ArgumentNullException.ThrowIfNull(cosigner);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(time);
        _logKeys = logKeys.GroupBy(k => k.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _originLocks = _logKeys.Keys.ToDictionary(o => o, _ => new SemaphoreSlim(1, 1), StringComparer.Ordinal);
        _cosigner = cosigner;
        _states = states;
        _time = time;
    }

    /// <summary>The origins of the logs this witness follows.</summary>
    public IReadOnlyCollection<string> Origins => _logKeys.Keys;

    /// <summary>Handles one <c>add-checkpoint</c> request body.</summary>
    /// <exception cref="IOException">The state could not be read or written; nothing was cosigned (answer 500).</exception>
    /// <exception cref="FormatException">A state file is corrupt; nothing was cosigned (answer 500).</exception>
    public async Task<AddCheckpointResponse> AddCheckpointAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        AddCheckpointRequest request;
        Checkpoint checkpoint;
        try
        {
            request = AddCheckpointRequest.Parse(body.Span);
            checkpoint = Checkpoint.Parse(SignedNote.Parse(request.Note).Text);
        }
        catch (FormatException e)
        {
            return AddCheckpointResponse.Refused(400, $"malformed add-checkpoint request: {e.Message}");
        }

        if (!_logKeys.TryGetValue(checkpoint.Origin, out NoteVerifier[]? keys))
        {
            return AddCheckpointResponse.Refused(404, $"this witness does not follow the log '{checkpoint.Origin}'");
        }

        NoteVerifier? logKey = keys.FirstOrDefault(k => Opens(request.Note, k));
        if (logKey is null)
        {
            return AddCheckpointResponse.Refused(403, $"the checkpoint carries no valid signature of a key this witness trusts for '{checkpoint.Origin}'");
        }

        if (request.OldSize > checkpoint.Size)
        {
            return AddCheckpointResponse.Refused(400, $"the old size {request.OldSize} is larger than the checkpoint's size {checkpoint.Size}");
        }

        SemaphoreSlim originLock = _originLocks[checkpoint.Origin];
        await originLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return CheckAndPersist(request, checkpoint, logKey);
        }
        finally
        {
            originLock.Release();
        }
    }

    /// <summary>Does nothing to the state directory, which its owner disposes; releases the per-origin locks.</summary>
    public void Dispose()
    {
        foreach (SemaphoreSlim originLock in _originLocks.Values)
        {
            originLock.Dispose();
        }
    }

    // Runs under the origin's lock: the size compared here is the size on disk until this returns.
    private AddCheckpointResponse CheckAndPersist(AddCheckpointRequest request, Checkpoint checkpoint, NoteVerifier logKey)
    {
        WitnessState? state = _states.Read(checkpoint.Origin);
        ulong latest = state?.Size ?? 0;
        if (request.OldSize != latest)
        {
            return AddCheckpointResponse.SizeConflict(latest);
        }

        if (request.OldSize == 0 && request.Proof.Count > 0)
        {
            return AddCheckpointResponse.Refused(422, $"a consistency proof from size 0 must be empty, not {request.Proof.Count} hashes");
        }

        WitnessedCheckpoint witnessed;
        try
        {
            witnessed = new CheckpointWitness(logKey, _cosigner, _time).Cosign(state, request.Note, [.. request.Proof]);
        }
        catch (CheckpointWitnessException e)
        {
            return e.Failure switch
            {
                WitnessFailure.Fork => AddCheckpointResponse.Refused(409, e.Message),
                WitnessFailure.Inconsistent => AddCheckpointResponse.Refused(422, e.Message),
                WitnessFailure.LogSignature => AddCheckpointResponse.Refused(403, e.Message),
                _ => AddCheckpointResponse.Refused(400, e.Message),
            };
        }

        // Durable before the cosignature leaves: after a crash the witness never answers below a size it cosigned.
        if (state != witnessed.State)
        {
            _states.Write(witnessed.State);
        }

        return AddCheckpointResponse.Cosigned(witnessed.Cosignature + "\n");
    }

    private static bool Opens(byte[] note, NoteVerifier key)
    {
        try
        {
            _ = SignedCheckpoint.Open(note, key);
            return true;
        }
        catch (NoteVerificationException)
        {
            return false;
        }
    }
}
