using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Grains.Witnesses;

/// <summary>A checkpoint as the log signed it, followed by the witnesses' cosignature lines stored for it.</summary>
/// <param name="Signed">The note: the log's checkpoint text, the log's signature line, then the cosignature lines.</param>
/// <param name="Cosignatures">The cosignature lines, one per witness key, the most recently added last.</param>
public sealed record CosignedCheckpoint(SignedCheckpoint Signed, IReadOnlyList<NoteSignature> Cosignatures)
{
    /// <summary>The checkpoint body.</summary>
    public Checkpoint Checkpoint => Signed.Checkpoint;

    /// <summary>The note's bytes, as <c>/log/checkpoint</c> serves them.</summary>
    public byte[] Format() => Signed.Format();
}
