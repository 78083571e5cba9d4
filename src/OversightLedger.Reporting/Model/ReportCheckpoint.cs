using System.Text;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Reporting.Model;

/// <summary>
/// The signed checkpoint a report's figures were computed at: the log's origin, its tree size, its RFC 6962 root hash,
/// and the whole signed note (checkpoint text, the log's signature and any witnesses' cosignature lines), byte for byte
/// as the log served it. An auditor replays the report against exactly this tree.
/// </summary>
/// <param name="Origin">The log's origin line.</param>
/// <param name="Size">The tree size: the report read leaves 0 to <c>Size − 1</c>.</param>
/// <param name="Root">The root hash at <paramref name="Size"/>.</param>
/// <param name="SignedNote">The signed checkpoint note as text (UTF-8), ending in a newline, with every signature line.</param>
public sealed record ReportCheckpoint(string Origin, ulong Size, MerkleHash Root, string SignedNote)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The root as 64 lower-case hex digits (the form a <c>ReportPublished</c> entry cites).</summary>
    public string RootHex => Root.ToHex();

    /// <summary>Reads a signed checkpoint note (not checking any signature: the caller verifies it with the log's key).</summary>
    /// <exception cref="FormatException">The bytes are not a signed note holding a checkpoint.</exception>
    public static ReportCheckpoint FromSignedNote(ReadOnlySpan<byte> note)
    {
        SignedNote parsed = Transparency.Notes.SignedNote.Parse(note);
        Checkpoint checkpoint = Checkpoint.Parse(parsed.Text);
        return new ReportCheckpoint(checkpoint.Origin, checkpoint.Size, checkpoint.Root, StrictUtf8.GetString(note));
    }

    /// <summary>From an opened (verified) signed checkpoint.</summary>
    public static ReportCheckpoint From(SignedCheckpoint signedCheckpoint)
    {
        ArgumentNullException.ThrowIfNull(signedCheckpoint);
        Checkpoint checkpoint = signedCheckpoint.Checkpoint;
        return new ReportCheckpoint(checkpoint.Origin, checkpoint.Size, checkpoint.Root, StrictUtf8.GetString(signedCheckpoint.Format()));
    }
}
