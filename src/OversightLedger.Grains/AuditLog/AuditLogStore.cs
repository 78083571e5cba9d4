using OversightLedger.Transparency.Integration;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// The log's storage and signing capability, shared by the sequencer grain and the readers of the silo. Readers (the
/// <c>/log/</c> endpoints, <see cref="LogEntryReader"/>, proofs) use <see cref="Storage"/>; the sequencer writes through
/// a storage of its own (<see cref="OpenWriterStorage"/>), because a blob writer's commits are conditional on the
/// checkpoint version it read itself, which a reader's read must not change.
/// </summary>
public sealed class AuditLogStore
{
    private readonly Func<ILogStorage> _openWriterStorage;

    /// <summary>A log in <paramref name="storage"/>, read and written through that one instance (a directory, in the embedded profile).</summary>
    public AuditLogStore(ILogStorage storage, NoteSigner signer, string origin)
        : this(storage, () => storage, signer, origin)
    {
    }

    /// <summary>
    /// A log read through <paramref name="storage"/> and written through a new instance from
    /// <paramref name="openWriterStorage"/> each time the sequencer activates (the azure profile: one
    /// <c>BlobLogStorage</c> for readers, a fresh one per writer).
    /// </summary>
    public AuditLogStore(ILogStorage storage, Func<ILogStorage> openWriterStorage, NoteSigner signer, string origin)
    {
        ArgumentNullException.ThrowIfNull(signer);
        Storage = storage;
        _openWriterStorage = openWriterStorage;
        Signer = new NoteCheckpointSigner(origin, signer);
        Verifier = new NoteVerifier(signer.VerifierKey);
        VerifierKey = signer.VerifierKey;
        Origin = origin;
    }

    /// <summary>The tiles, bundles and checkpoint, for readers.</summary>
    public ILogStorage Storage { get; }

    /// <summary>Signs checkpoints.</summary>
    public ICheckpointSigner Signer { get; }

    /// <summary>Checks the log's own checkpoints.</summary>
    public NoteVerifier Verifier { get; }

    /// <summary>The verifier key string auditors use (<c>name+hash+key</c>).</summary>
    public string VerifierKey { get; }

    /// <summary>The log's origin.</summary>
    public string Origin { get; }

    /// <summary>The storage one activation of the sequencer writes through, and reads the checkpoint it opens from through.</summary>
    public ILogStorage OpenWriterStorage() => _openWriterStorage();
}
