using OversightLedger.Cli.Execution;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Cli.Checks;

/// <summary>
/// Checks that a log only grew from an older checkpoint to its current one: a consistency proof built from the
/// current tiles must lead to both signed roots.
/// </summary>
internal static class LogConsistency
{
    /// <summary>Verifies that <paramref name="old"/> is a prefix of <paramref name="current"/>; both signatures are already checked.</summary>
    /// <returns>The consistency proof (empty when the sizes are equal or the old tree is empty).</returns>
    /// <exception cref="CommandFailedException">The log is not consistent with the old checkpoint (exit 1).</exception>
    public static async Task<MerkleHash[]> VerifyAsync(ILogReader log, Checkpoint old, Checkpoint current, CancellationToken cancellationToken)
    {
        string what = $"the old checkpoint (size {old.Size})";
        if (old.Origin != current.Origin)
        {
            throw CommandFailedException.VerificationFailed($"{what} is for log '{old.Origin}', not '{current.Origin}'.");
        }

        if (old.Size > current.Size)
        {
            throw CommandFailedException.VerificationFailed(
                $"{what} is larger than the current checkpoint (size {current.Size}): the log lost entries or forked.");
        }

        if (old.Size == 0)
        {
            // Every tree extends the empty tree; only the empty root itself can be wrong.
            return old.Root == Rfc6962.EmptyRoot
                ? []
                : throw CommandFailedException.VerificationFailed($"{what} has root {old.Root}, not the empty tree's {Rfc6962.EmptyRoot}.");
        }

        // Read the tiles at the current size: the old size's partial tiles may be gone once full tiles replace them.
        var nodes = new TileNodeHashReader(log, current.Size);
        MerkleHash[] proof = await ProofBuilder.ConsistencyAsync(nodes, old.Size, current.Size, cancellationToken).ConfigureAwait(false);
        try
        {
            ProofVerifier.VerifyConsistency(old.Size, current.Size, old.Root, current.Root, proof);
        }
        catch (ProofVerificationException e)
        {
            throw CommandFailedException.VerificationFailed(
                $"the log at size {current.Size} is not consistent with {what}: {e.Message}", e);
        }

        return proof;
    }
}
