using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Witnessing;

/// <summary>
/// The consistency proof a witness needs, built from the log's own tiles rather than asked of a proof service: the
/// tiles are as untrusted as the service, but a witness that reads them depends on nothing but the static log.
/// <see cref="CheckpointWitness"/> verifies the proof against both signed roots.
/// </summary>
public static class WitnessConsistencyProof
{
    /// <summary>
    /// The proof from <paramref name="state"/>'s size to <paramref name="newSize"/>, read from the tiles of the tree of
    /// <paramref name="newSize"/> leaves; empty when no proof is needed (no state, an empty old tree, equal sizes) or
    /// when the new tree is smaller (which the witness refuses anyway).
    /// </summary>
    /// <exception cref="FileNotFoundException">A tile the proof needs is missing from the log.</exception>
    /// <exception cref="FormatException">A tile is malformed.</exception>
    public static async ValueTask<MerkleHash[]> FromTilesAsync(ILogReader log, WitnessState? state, ulong newSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (state is null || state.Size == 0 || state.Size >= newSize)
        {
            return [];
        }

        var nodes = new TileNodeHashReader(log, newSize);
        return await ProofBuilder.ConsistencyAsync(nodes, state.Size, newSize, cancellationToken).ConfigureAwait(false);
    }
}
