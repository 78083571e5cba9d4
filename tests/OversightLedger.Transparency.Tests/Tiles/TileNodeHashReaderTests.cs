using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tests.TestSupport;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Tests.Tiles;

public class TileNodeHashReaderTests
{
    [Fact]
    public async Task Root_from_go_tiles_equals_the_signed_root()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        foreach (string name in new[] { "log-300", "log-1500" })
        {
            (ulong size, MerkleHash root) = GoTlog.TreeHead(name);
            var reader = new TileNodeHashReader(GoTlog.Open(name), size);
            Assert.Equal(root, await ProofBuilder.RootAsync(reader, size, ct));
        }
    }

    [Fact]
    public async Task Inclusion_proofs_from_go_tiles_verify_for_every_entry()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        (ulong size, MerkleHash root) = GoTlog.TreeHead("log-1500");
        List<byte[]> entries = GoTlog.Entries("log-1500");
        var reader = new TileNodeHashReader(GoTlog.Open("log-1500"), size);
        for (ulong index = 0; index < size; index++)
        {
            MerkleHash[] proof = await ProofBuilder.InclusionAsync(reader, index, size, ct);
            ProofVerifier.VerifyInclusion(index, size, Rfc6962.HashLeaf(entries[(int)index]), proof, root);
        }
    }

    [Fact]
    public async Task Consistency_from_log_300_to_log_1500_verifies_and_fails_against_another_root()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        (ulong oldSize, MerkleHash oldRoot) = GoTlog.TreeHead("log-300");
        (ulong newSize, MerkleHash newRoot) = GoTlog.TreeHead("log-1500");
        var reader = new TileNodeHashReader(GoTlog.Open("log-1500"), newSize);
        MerkleHash[] proof = await ProofBuilder.ConsistencyAsync(reader, oldSize, newSize, ct);
        ProofVerifier.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, proof);
        Assert.Throws<ProofVerificationException>(() => ProofVerifier.VerifyConsistency(oldSize, newSize, newRoot, newRoot, proof));
    }

    [Fact]
    public async Task A_node_beyond_the_tree_is_refused()
    {
        var reader = new TileNodeHashReader(GoTlog.Open("log-300"), 300);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await reader.ReadHashesAsync([new NodeId(8, 1)], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_smaller_tree_whose_partial_tile_was_deleted_is_read_from_the_full_tile()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        List<byte[]> entries = GoTlog.Entries("log-1500");

        // Size 1000 needs tile/0/003.p/232, which Go never wrote: the full tile/0/003 holds the same hashes.
        var reader = new TileNodeHashReader(GoTlog.Open("log-1500"), 1000);
        MerkleHash root = await ProofBuilder.RootAsync(reader, 1000, ct);
        MerkleHash expected = ProofBuilder.FoldRightEdge([.. new[] { 512, 256, 128, 64, 32, 8 }.Aggregate(
            (List: new List<MerkleHash>(), Start: 0),
            (acc, width) =>
            {
                acc.List.Add(HashTile.SubtreeRoot([.. entries.Skip(acc.Start).Take(width).Select(e => Rfc6962.HashLeaf(e))]));
                return (acc.List, acc.Start + width);
            }).List]);
        Assert.Equal(expected, root);
    }
}
