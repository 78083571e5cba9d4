using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tests.TestSupport;

namespace OversightLedger.Transparency.Tests.Proofs;

public class ProofVerifierTests
{
    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(1UL, 1UL)]
    [InlineData(ulong.MaxValue, 8UL)]
    public void AnIndexOutsideTheTreeIsRejected(ulong index, ulong size)
    {
        MerkleHash leaf = Rfc6962.HashLeaf([]);

        Assert.Throws<ProofVerificationException>(() => ProofVerifier.VerifyInclusion(index, size, leaf, [], leaf));
        Assert.Throws<ProofVerificationException>(() => ProofVerifier.RootFromInclusionProof(index, size, leaf, []));
    }

    [Fact]
    public void ARootMismatchSaysWhichRootWasExpectedAndWhichComputed()
    {
        MerkleHash leaf = Rfc6962.HashLeaf([1]);
        MerkleHash sibling = Rfc6962.HashLeaf([2]);
        MerkleHash wrongRoot = Rfc6962.HashLeaf([3]);

        var error = Assert.Throws<ProofVerificationException>(() => ProofVerifier.VerifyInclusion(0, 2, leaf, [sibling], wrongRoot));

        Assert.Equal(wrongRoot, error.Expected);
        Assert.Equal(Rfc6962.HashChildren(leaf, sibling), error.Computed);
        Assert.Contains(wrongRoot.ToBase64(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALengthErrorHasNoRoots()
    {
        MerkleHash leaf = Rfc6962.HashLeaf([1]);

        var tooShort = Assert.Throws<ProofVerificationException>(() => ProofVerifier.RootFromInclusionProof(0, 2, leaf, []));
        var tooLong = Assert.Throws<ProofVerificationException>(() => ProofVerifier.RootFromInclusionProof(0, 1, leaf, [leaf]));

        Assert.Null(tooShort.Expected);
        Assert.Null(tooLong.Computed);
    }

    [Fact]
    public void EqualSizesNeedAnEmptyProofAndEqualRoots()
    {
        MerkleHash root = Rfc6962.HashLeaf([1]);
        MerkleHash other = Rfc6962.HashLeaf([2]);

        ProofVerifier.VerifyConsistency(5, 5, root, root, []);
        Assert.Throws<ProofVerificationException>(() => ProofVerifier.VerifyConsistency(5, 5, root, root, [root]));
        Assert.Throws<ProofVerificationException>(() => ProofVerifier.VerifyConsistency(5, 5, root, other, []));
    }

    [Fact]
    public void AnOldSizeLargerThanTheNewSizeIsRejected()
    {
        MerkleHash root = Rfc6962.HashLeaf([1]);

        Assert.Throws<ProofVerificationException>(() => ProofVerifier.VerifyConsistency(6, 5, root, root, []));
        Assert.Throws<ProofVerificationException>(() => ProofVerifier.VerifyConsistency(ulong.MaxValue, 1, root, root, [root]));
    }

    [Fact]
    public void AnEmptyProofBetweenDifferentSizesIsRejected()
    {
        MerkleHash root = Rfc6962.HashLeaf([1]);

        Assert.Throws<ProofVerificationException>(() => ProofVerifier.VerifyConsistency(1, 2, root, root, []));
    }

    // The documented limit of what hashes alone can show (see ProofPropertyTests): the proof of leaf 0 in
    // the tree of 3 has the same shape as leaf 0 in the tree of 4 — two siblings, both on the right — so an
    // RFC 9162 verifier accepts it for size 4 with the size-3 root. Binding a root to its size is the job
    // of the signed checkpoint, not of the proof.
    [Fact]
    public async Task AProofIsAcceptedForAnotherSizeOnlyWhenItsShapeIsTheSame()
    {
        TestTree tree = TestTree.Random(4, seed: 9);
        MerkleHash root3 = await ProofBuilder.RootAsync(tree.Reader, 3, TestContext.Current.CancellationToken);
        MerkleHash[] proof = await ProofBuilder.InclusionAsync(tree.Reader, 0, 3, TestContext.Current.CancellationToken);
        Assert.Equal(ReferenceMerkleTree.PathShape(0, 3), ReferenceMerkleTree.PathShape(0, 4));
        Assert.NotEqual(ReferenceMerkleTree.PathShape(0, 3), ReferenceMerkleTree.PathShape(0, 5));

        Assert.True(VerifierProbe.Inclusion(0, 4, tree.LeafHashes[0], proof, root3));
        Assert.False(VerifierProbe.Inclusion(0, 5, tree.LeafHashes[0], proof, root3));
        Assert.False(VerifierProbe.Inclusion(0, 2, tree.LeafHashes[0], proof, root3));
    }
}
