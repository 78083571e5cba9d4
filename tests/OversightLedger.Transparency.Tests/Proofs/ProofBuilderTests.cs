using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tests.TestSupport;

namespace OversightLedger.Transparency.Tests.Proofs;

public class ProofBuilderTests
{
    [Fact]
    public async Task TheEmptyTreeHasTheEmptyRootWithoutReading()
    {
        var reader = new InMemoryNodeHashReader([]);

        Assert.Equal(Rfc6962.EmptyRoot, await ProofBuilder.RootAsync(reader, 0, TestContext.Current.CancellationToken));
        Assert.Equal(0, reader.ReadCalls);
    }

    [Fact]
    public async Task AProofIsReadInOneCallOfFullSubtreesInsideTheTree()
    {
        TestTree tree = TestTree.Random(1000, seed: 3);

        MerkleHash[] proof = await ProofBuilder.ConsistencyAsync(tree.Reader, 437, 1000, TestContext.Current.CancellationToken);

        Assert.Equal(1, tree.Reader.ReadCalls);
        Assert.All(tree.Reader.NodesRead, node => Assert.True(node.EndLeaf <= 1000, node.ToString()));
        Assert.Equal(TestTree.ToHashes(tree.Reference.Proof(437, 1000)), proof);
    }

    [Fact]
    public async Task ARootOfAPrefixReadsOnlyThePrefix()
    {
        TestTree tree = TestTree.Random(100, seed: 5);

        MerkleHash root = await ProofBuilder.RootAsync(tree.Reader, 37, TestContext.Current.CancellationToken);

        Assert.Equal(new MerkleHash(tree.Reference.Mth(37)), root);
        Assert.Equal([new NodeId(5, 0), new NodeId(2, 8), new NodeId(0, 36)], tree.Reader.NodesRead);
    }

    [Fact]
    public async Task AReaderThatReturnsTheWrongNumberOfHashesIsAnError()
    {
        var reader = new MiscountingReader();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await ProofBuilder.RootAsync(reader, 5, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CancellationReachesTheReader()
    {
        TestTree tree = TestTree.Random(10, seed: 1);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ProofBuilder.InclusionAsync(tree.Reader, 3, 10, cancelled.Token));
    }

    [Fact]
    public async Task InvalidRequestsAreRefused()
    {
        TestTree tree = TestTree.Random(10, seed: 2);
        CancellationToken cancel = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await ProofBuilder.InclusionAsync(tree.Reader, 10, 10, cancel));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await ProofBuilder.ConsistencyAsync(tree.Reader, 0, 10, cancel));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await ProofBuilder.ConsistencyAsync(tree.Reader, 6, 5, cancel));

        // The strict in-memory reader refuses nodes past the tree, so a tree larger than the data fails loudly.
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await ProofBuilder.RootAsync(tree.Reader, 11, cancel));
    }

    [Fact]
    public void FoldRightEdgeHashesFromTheRight()
    {
        MerkleHash a = Rfc6962.HashLeaf("a"u8), b = Rfc6962.HashLeaf("b"u8), c = Rfc6962.HashLeaf("c"u8);

        Assert.Equal(a, ProofBuilder.FoldRightEdge([a]));
        Assert.Equal(Rfc6962.HashChildren(a, b), ProofBuilder.FoldRightEdge([a, b]));
        Assert.Equal(Rfc6962.HashChildren(a, Rfc6962.HashChildren(b, c)), ProofBuilder.FoldRightEdge([a, b, c]));
    }

    private sealed class MiscountingReader : INodeHashReader
    {
        public ValueTask<MerkleHash[]> ReadHashesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new MerkleHash[nodes.Count + 1]);
    }
}
