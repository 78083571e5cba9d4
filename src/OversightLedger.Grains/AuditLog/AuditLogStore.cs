using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Grains.AuditLog;

/// <summary>The log's storage and signing capability, shared by the sequencer grain and the readers of the silo.</summary>
public sealed class AuditLogStore
{
    /// <summary>A log in <paramref name="storage"/>, signed by <paramref name="signer"/> under <paramref name="origin"/>.</summary>
    public AuditLogStore(ILogStorage storage, NoteSigner signer, string origin)
    {
        Storage = storage;
        Signer = new NoteCheckpointSigner(origin, signer);
        Verifier = new NoteVerifier(signer.VerifierKey);
        VerifierKey = signer.VerifierKey;
        Origin = origin;
    }

    /// <summary>The tiles, bundles and checkpoint.</summary>
    public ILogStorage Storage { get; }

    /// <summary>Signs checkpoints.</summary>
    public ICheckpointSigner Signer { get; }

    /// <summary>Checks the log's own checkpoints.</summary>
    public NoteVerifier Verifier { get; }

    /// <summary>The verifier key string auditors use (<c>name+hash+key</c>).</summary>
    public string VerifierKey { get; }

    /// <summary>The log's origin.</summary>
    public string Origin { get; }
}
