using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Transparency.Proofs;

/// <summary>Reads the hashes of full subtrees of a log, in the order asked (like Go's tlog.HashReader).</summary>
public interface INodeHashReader
{
    /// <summary>Returns one hash per node in <paramref name="nodes"/>, in the same order.</summary>
    ValueTask<MerkleHash[]> ReadHashesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken = default);
}
