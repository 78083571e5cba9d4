using OversightLedger.Cli.Execution;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Cli.Checks;

/// <summary>
/// Checks that one entry, as stored in its entry bundle, is in the tree of a (verified) checkpoint: its leaf hash
/// and an inclusion proof built from the tiles must lead to the signed root.
/// </summary>
internal static class EntryInclusion
{
    /// <exception cref="CommandFailedException">The index is outside the tree (exit 2) or the entry is not in it (exit 1).</exception>
    public static async Task<VerifiedInclusion> VerifyAsync(ILogReader log, Checkpoint checkpoint, ulong index, CancellationToken cancellationToken)
    {
        if (index >= checkpoint.Size)
        {
            throw CommandFailedException.BadInput($"index {index} is not in the log: its checkpoint has {checkpoint.Size} entries.");
        }

        ulong bundleIndex = index / TileLayout.Width;
        int width = TileLayout.TileWidth(checkpoint.Size, 0, bundleIndex);
        string path = TilePath.Entries(bundleIndex, width);
        List<ReadOnlyMemory<byte>> entries;
        try
        {
            entries = await PartialTileReader.ReadEntriesAsync(log, bundleIndex, width, cancellationToken).ConfigureAwait(false)
                ?? throw CommandFailedException.BadInput($"{path} is missing from {log.Location}.");
        }
        catch (FormatException e)
        {
            throw CommandFailedException.VerificationFailed($"{path}: {e.Message}", e);
        }

        if (entries.Count != width)
        {
            throw CommandFailedException.VerificationFailed($"{path} holds {entries.Count} entries, not {width}.");
        }

        ReadOnlyMemory<byte> entry = entries[(int)(index % TileLayout.Width)];
        MerkleHash leafHash = Rfc6962.HashLeaf(entry.Span);
        var nodes = new TileNodeHashReader(log, checkpoint.Size);
        MerkleHash[] proof = await ProofBuilder.InclusionAsync(nodes, index, checkpoint.Size, cancellationToken).ConfigureAwait(false);
        try
        {
            ProofVerifier.VerifyInclusion(index, checkpoint.Size, leafHash, proof, checkpoint.Root);
        }
        catch (ProofVerificationException e)
        {
            throw CommandFailedException.VerificationFailed($"entry {index} in {path} is not in the tree of the signed checkpoint: {e.Message}", e);
        }

        return new VerifiedInclusion(entry, leafHash, proof);
    }
}
