using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Proofs;

namespace OversightLedger.Transparency.Witnessing;

/// <summary>
/// A witness of one log (c2sp.org/tlog-cosignature): it cosigns a checkpoint only when the log signed it and it
/// extends the last checkpoint the witness cosigned. It refuses a smaller tree (rollback), the same size with
/// another root (fork) and a consistency proof that does not lead from the old root to the new one.
/// Re-cosigning the checkpoint it cosigned last (same size and root) is allowed and gives a fresh timestamp.
/// </summary>
public sealed class CheckpointWitness
{
    private readonly NoteVerifier _logVerifier;
    private readonly Cosigner _cosigner;
    private readonly TimeProvider _time;

    /// <summary>A witness of the log signed by <paramref name="logVerifier"/>, cosigning with <paramref name="cosigner"/>.</summary>
    /// <param name="logVerifier">The log's verifier key (pin it: a witness should not take it from the log it checks).</param>
    /// <param name="cosigner">The witness's cosignature/v1 key.</param>
    /// <param name="time">The clock that timestamps cosignatures.</param>
    public CheckpointWitness(NoteVerifier logVerifier, Cosigner cosigner, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(logVerifier);
        ArgumentNullException.ThrowIfNull(cosigner);
        ArgumentNullException.ThrowIfNull(time);
        _logVerifier = logVerifier;
        _cosigner = cosigner;
        _time = time;
    }

    /// <summary>Checks a signed checkpoint against what the witness cosigned before and, if every check passes, cosigns it.</summary>
    /// <param name="state">What the witness cosigned last, or null when it never cosigned this log (the checkpoint is then trusted on first use).</param>
    /// <param name="note">The log's signed checkpoint note (other signature lines, such as other witnesses' cosignatures, are kept).</param>
    /// <param name="consistencyProof">
    /// The RFC 6962 consistency proof from <paramref name="state"/>'s size to the checkpoint's (see <see cref="WitnessConsistencyProof"/>);
    /// empty when there is no state, the state's tree is empty or the sizes are equal.
    /// </param>
    /// <returns>The cosigned checkpoint and the state to write (only now: nothing was cosigned before this returns).</returns>
    /// <exception cref="CheckpointWitnessException">A check failed; nothing was cosigned.</exception>
    public WitnessedCheckpoint Cosign(WitnessState? state, ReadOnlySpan<byte> note, ReadOnlySpan<MerkleHash> consistencyProof)
    {
        SignedCheckpoint signed = Open(note);
        Checkpoint checkpoint = signed.Checkpoint;
        if (state is not null)
        {
            CheckExtends(state, checkpoint, consistencyProof);
        }

        ulong timestamp = (ulong)Math.Max(0, _time.GetUtcNow().ToUnixTimeSeconds());
        NoteSignature cosignature = _cosigner.Sign(checkpoint, timestamp);
        return new WitnessedCheckpoint(signed.WithSignature(cosignature), cosignature, timestamp, state, WitnessState.Of(checkpoint));
    }

    private SignedCheckpoint Open(ReadOnlySpan<byte> note)
    {
        try
        {
            _ = Checkpoint.Parse(SignedNote.Parse(note).Text);
        }
        catch (FormatException e)
        {
            throw new CheckpointWitnessException(WitnessFailure.MalformedCheckpoint, $"the checkpoint note is malformed: {e.Message}", e);
        }

        try
        {
            return SignedCheckpoint.Open(note, _logVerifier);
        }
        catch (NoteVerificationException e)
        {
            throw new CheckpointWitnessException(
                WitnessFailure.LogSignature, $"the checkpoint is not signed by the log's key {_logVerifier.Name}+{NoteKeys.FormatHash(_logVerifier.KeyHash)}: {e.Message}", e);
        }
    }

    private static void CheckExtends(WitnessState state, Checkpoint checkpoint, ReadOnlySpan<MerkleHash> proof)
    {
        string cosigned = $"the cosigned checkpoint of size {state.Size} (root {state.Root})";
        string received = $"the checkpoint of size {checkpoint.Size} (root {checkpoint.Root})";
        if (checkpoint.Origin != state.Origin)
        {
            throw new CheckpointWitnessException(WitnessFailure.WrongOrigin, $"the checkpoint is of log '{checkpoint.Origin}', but this witness follows '{state.Origin}'");
        }

        if (checkpoint.Size < state.Size)
        {
            throw new CheckpointWitnessException(WitnessFailure.Rollback, $"{received} is smaller than {cosigned}: the log lost entries");
        }

        if (checkpoint.Size == state.Size)
        {
            if (checkpoint.Root != state.Root)
            {
                throw new CheckpointWitnessException(WitnessFailure.Fork, $"{received} differs from {cosigned} of the same size: the log forked");
            }

            if (!proof.IsEmpty)
            {
                throw new CheckpointWitnessException(WitnessFailure.Inconsistent, $"{received} equals {cosigned}, so the consistency proof must be empty, not {proof.Length} hashes");
            }

            return;
        }

        if (state.Size == 0)
        {
            // Every tree extends the empty tree; there is no proof to check, only that the state was the empty tree.
            if (state.Root != Rfc6962.EmptyRoot)
            {
                throw new CheckpointWitnessException(WitnessFailure.Fork, $"{cosigned} is not the empty tree's root {Rfc6962.EmptyRoot}");
            }

            if (!proof.IsEmpty)
            {
                throw new CheckpointWitnessException(WitnessFailure.Inconsistent, $"a consistency proof from the empty tree must be empty, not {proof.Length} hashes");
            }

            return;
        }

        try
        {
            ProofVerifier.VerifyConsistency(state.Size, checkpoint.Size, state.Root, checkpoint.Root, proof);
        }
        catch (ProofVerificationException e)
        {
            throw new CheckpointWitnessException(WitnessFailure.Inconsistent, $"{received} is not shown to extend {cosigned}: {e.Message}", e);
        }
    }
}
