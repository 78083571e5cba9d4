using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Transparency.Integration;

/// <summary>The capability to turn a tree head into the bytes of a signed checkpoint note.</summary>
public interface ICheckpointSigner
{
    /// <summary>The log's origin line.</summary>
    string Origin { get; }

    /// <summary>The signed checkpoint for a tree of <paramref name="size"/> leaves with root <paramref name="root"/>.</summary>
    byte[] Sign(ulong size, in MerkleHash root);
}
