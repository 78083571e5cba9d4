using OversightLedger.Transparency.Notes;

namespace OversightLedger.Transparency.Checkpoints;

/// <summary>
/// A checkpoint together with the signed note that carries it. All signature lines are kept (the log's,
/// witnesses' cosignatures, unknown ones), so <see cref="Format"/> gives back the note byte for byte.
/// </summary>
public sealed class SignedCheckpoint
{
    private SignedCheckpoint(Checkpoint checkpoint, SignedNote note)
    {
        Checkpoint = checkpoint;
        Note = note;
    }

    /// <summary>The checkpoint body.</summary>
    public Checkpoint Checkpoint { get; }

    /// <summary>The signed note: checkpoint text and every signature line.</summary>
    public SignedNote Note { get; }

    /// <summary>Signs a checkpoint with the log's key.</summary>
    public static SignedCheckpoint Sign(Checkpoint checkpoint, NoteSigner signer)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(signer);
        string text = checkpoint.Format();
        return new SignedCheckpoint(checkpoint, new SignedNote(text, [signer.Sign(text)]));
    }

    /// <summary>
    /// Opens a signed checkpoint: the note must carry a valid signature of <paramref name="logVerifier"/> (other
    /// signatures are ignored unless malformed) and its text must be a valid checkpoint.
    /// Cosignatures are checked separately with <see cref="CosignatureVerifier"/>.
    /// </summary>
    /// <exception cref="NoteVerificationException">The note is malformed, not signed by the log's key, or not a checkpoint.</exception>
    public static SignedCheckpoint Open(ReadOnlySpan<byte> note, NoteVerifier logVerifier)
    {
        ArgumentNullException.ThrowIfNull(logVerifier);
        SignedNote opened = SignedNote.Open(note, [logVerifier]);
        Checkpoint checkpoint;
        try
        {
            checkpoint = Checkpoint.Parse(opened.Text);
        }
        catch (FormatException e)
        {
            throw new NoteVerificationException($"note signed by {logVerifier.Name} is not a valid checkpoint: {e.Message}", e);
        }

        return new SignedCheckpoint(checkpoint, opened);
    }

    /// <summary>
    /// The same checkpoint with one more signature line, such as a witness's cosignature; a line of the same key
    /// (name and key hash) is replaced. The signature is not checked here.
    /// </summary>
    public SignedCheckpoint WithSignature(NoteSignature signature) => new(Checkpoint, Note.WithSignature(signature));

    /// <summary>The signed note's bytes.</summary>
    public byte[] Format() => Note.Format();
}
