using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Inputs;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Cli.Witness;

/// <summary>
/// One round of witnessing: read the log's checkpoint, build the consistency proof from the witness's state out of the
/// log's tiles, let <see cref="CheckpointWitness"/> check and cosign, and only then replace the state file.
/// </summary>
internal static class CheckpointCosigning
{
    /// <summary>Cosigns the log's current checkpoint if it extends <paramref name="state"/>; the new state is on disk when this returns.</summary>
    /// <exception cref="CommandFailedException">
    /// The checkpoint is not signed by the log, is smaller than the cosigned one, forks from it or is not proved to extend it (exit 1);
    /// it is missing or malformed, or the state file cannot be written (exit 2).
    /// </exception>
    public static async Task<WitnessedCheckpoint> CosignAsync(
        LogSource log, CheckpointWitness witness, WitnessState? state, string statePath, CancellationToken cancellationToken)
    {
        byte[] note = await log.ReadAsync(TilePath.Checkpoint, cancellationToken).ConfigureAwait(false)
            ?? throw CommandFailedException.BadInput($"there is no checkpoint at {log.Location} (is it a log?).");
        Checkpoint unverified;
        try
        {
            unverified = Checkpoint.Parse(SignedNote.Parse(note).Text);
        }
        catch (FormatException e)
        {
            throw CommandFailedException.BadInput($"the checkpoint of {log.Location} is malformed: {e.Message}", e);
        }

        // The tiles are no more trusted than the server: the witness checks the proof against both signed roots.
        MerkleHash[] proof = state is not null && state.Origin == unverified.Origin
            ? await WitnessConsistencyProof.FromTilesAsync(log, state, unverified.Size, cancellationToken).ConfigureAwait(false)
            : [];

        WitnessedCheckpoint witnessed;
        try
        {
            witnessed = witness.Cosign(state, note, proof);
        }
        catch (CheckpointWitnessException e)
        {
            throw CommandFailedException.VerificationFailed($"not cosigned: {e.Message}", e);
        }

        try
        {
            witnessed.State.WriteFile(statePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.BadInput($"cosigned, but cannot write the state file '{statePath}', so the cosignature is not used: {e.Message}", e);
        }

        return witnessed;
    }

    /// <summary>The state in <paramref name="path"/>, or null when the witness never cosigned (no file).</summary>
    /// <exception cref="CommandFailedException">The file cannot be read or is not a witness state (exit 2).</exception>
    public static WitnessState? ReadState(string path)
    {
        try
        {
            return WitnessState.ReadFile(path);
        }
        catch (FormatException e)
        {
            throw CommandFailedException.BadInput(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.BadInput($"cannot read the state file '{path}': {e.Message}", e);
        }
    }

    /// <summary>The log's verifier key: <paramref name="pinned"/> when given, otherwise the one the log serves at <c>key</c>.</summary>
    /// <exception cref="CommandFailedException">The key is not valid, or the log serves none and none was given (exit 2).</exception>
    public static async Task<(NoteVerifier Verifier, bool Pinned)> LogVerifierAsync(LogSource log, string? pinned, CancellationToken cancellationToken)
    {
        if (pinned is not null)
        {
            bool isFile = File.Exists(pinned);
            string text;
            try
            {
                text = isFile ? File.ReadAllText(pinned, System.Text.Encoding.UTF8).Trim() : pinned.Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CommandFailedException.BadInput($"cannot read the log key file '{pinned}': {e.Message}", e);
            }

            try
            {
                return (new NoteVerifier(text), true);
            }
            catch (FormatException e)
            {
                string source = isFile ? $"'{pinned}' does not hold a valid verifier key" : "--log-key is neither a file nor a valid verifier key";
                throw CommandFailedException.BadInput($"{source}: {e.Message}", e);
            }
        }

        byte[] served = await log.ReadAsync("key", cancellationToken).ConfigureAwait(false)
            ?? throw CommandFailedException.BadInput($"{log.Location} serves no verifier key at 'key'; give the log's key with --log-key.");
        try
        {
            return (new NoteVerifier(System.Text.Encoding.UTF8.GetString(served).Trim()), false);
        }
        catch (FormatException e)
        {
            throw CommandFailedException.BadInput($"the key served at {log.Location}key is not a verifier key: {e.Message}", e);
        }
    }
}
