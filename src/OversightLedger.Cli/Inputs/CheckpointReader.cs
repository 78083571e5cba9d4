using OversightLedger.Cli.Checks;
using OversightLedger.Cli.Execution;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Cli.Inputs;

/// <summary>
/// Reads signed checkpoints, telling a malformed or missing one (bad input, exit 2) from one whose signature
/// does not verify (exit 1).
/// </summary>
internal static class CheckpointReader
{
    /// <summary>The log's current checkpoint, with its signature by <paramref name="verifier"/> checked.</summary>
    public static async Task<SignedCheckpoint> ReadVerifiedAsync(ILogReader log, NoteVerifier verifier, CancellationToken cancellationToken)
    {
        byte[] bytes = await ReadAsync(log, cancellationToken).ConfigureAwait(false);
        return Open(bytes, $"the checkpoint of {log.Location}", verifier);
    }

    /// <summary>A checkpoint saved in a file (such as an earlier <c>checkpoint</c>), with its signature checked.</summary>
    public static SignedCheckpoint ReadVerifiedFile(string path, NoteVerifier verifier) =>
        Open(ReadFile(path), $"checkpoint file '{path}'", verifier);

    /// <summary>
    /// An earlier checkpoint given as a file: a saved signed checkpoint note, or an anchor proof (<c>oversight-anchor/v1</c>)
    /// whose checkpoint is taken. Either way only the checkpoint's signature by <paramref name="verifier"/> is checked here:
    /// an anchor's Bitcoin proof is <c>verify anchor</c>'s to check.
    /// </summary>
    /// <returns>The signed checkpoint, and whether it came from an anchor proof.</returns>
    public static (SignedCheckpoint Checkpoint, bool FromAnchor) ReadVerifiedCheckpointOrAnchor(string path, NoteVerifier verifier)
    {
        byte[] bytes = ReadFile(path);
        if (AnchorProofCheck.LooksLikeProof(bytes))
        {
            return (AnchorProofCheck.OpenCheckpoint(path, AnchorProofCheck.Parse(path, bytes), verifier), true);
        }

        return (Open(bytes, $"checkpoint file '{path}'", verifier), false);
    }

    /// <summary>The log's current checkpoint without checking its signature (to learn the size proofs may use).</summary>
    public static async Task<Checkpoint> ReadUnverifiedAsync(ILogReader log, CancellationToken cancellationToken)
    {
        byte[] bytes = await ReadAsync(log, cancellationToken).ConfigureAwait(false);
        return Parse(bytes, $"the checkpoint of {log.Location}");
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.BadInput($"cannot read checkpoint file '{path}': {e.Message}", e);
        }
    }

    private static async Task<byte[]> ReadAsync(ILogReader log, CancellationToken cancellationToken) =>
        await log.ReadAsync(TilePath.Checkpoint, cancellationToken).ConfigureAwait(false)
        ?? throw CommandFailedException.BadInput($"there is no checkpoint at {log.Location} (is it a log?).");

    private static SignedCheckpoint Open(byte[] bytes, string what, NoteVerifier verifier)
    {
        Parse(bytes, what);
        try
        {
            return SignedCheckpoint.Open(bytes, verifier);
        }
        catch (NoteVerificationException e)
        {
            throw CommandFailedException.VerificationFailed($"signature of {what} does not verify with key {verifier.Name}+{verifier.KeyHash:x8}: {e.Message}", e);
        }
    }

    private static Checkpoint Parse(byte[] bytes, string what)
    {
        try
        {
            return Checkpoint.Parse(SignedNote.Parse(bytes).Text);
        }
        catch (FormatException e)
        {
            throw CommandFailedException.BadInput($"{what} is malformed: {e.Message}", e);
        }
    }
}
