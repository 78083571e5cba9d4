using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Transparency.Integration;

/// <summary>Signs tree heads as C2SP checkpoints with a note signer (Ed25519).</summary>
public sealed class NoteCheckpointSigner : ICheckpointSigner
{
    private readonly NoteSigner _signer;

    /// <summary>Signs checkpoints of the log <paramref name="origin"/> with <paramref name="signer"/>.</summary>
    public NoteCheckpointSigner(string origin, NoteSigner signer)
    {
        Origin = origin;
        _signer = signer;
    }

    /// <inheritdoc/>
    public string Origin { get; }

    /// <inheritdoc/>
    public byte[] Sign(ulong size, in MerkleHash root) => SignedCheckpoint.Sign(new Checkpoint(Origin, size, root), _signer).Format();
}
