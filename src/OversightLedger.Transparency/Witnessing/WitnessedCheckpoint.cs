using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Transparency.Witnessing;

/// <summary>A checkpoint a witness verified and cosigned, with the state to remember from now on.</summary>
/// <param name="Cosigned">The log's signed note with the witness's cosignature line added (a previous line of the same key replaced).</param>
/// <param name="Cosignature">The cosignature line (cosignature/v1).</param>
/// <param name="Timestamp">The cosignature's timestamp, in seconds since the Unix epoch.</param>
/// <param name="Previous">What the witness had cosigned before, or null for its first cosignature of this log.</param>
/// <param name="State">The new state: this checkpoint's origin, size and root.</param>
public sealed record WitnessedCheckpoint(
    SignedCheckpoint Cosigned,
    NoteSignature Cosignature,
    ulong Timestamp,
    WitnessState? Previous,
    WitnessState State)
{
    /// <summary>The cosigned checkpoint body.</summary>
    public Checkpoint Checkpoint => Cosigned.Checkpoint;
}
