using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tests.TestSupport;

namespace OversightLedger.Transparency.Tests.Proofs;

/// <summary>
/// Random trees of 1..3000 entries: every root and proof the library builds equals the naive RFC 6962
/// reference and verifies; every tampered proof fails.
/// </summary>
/// <remarks>
/// A wrong tree size is not always detectable from the hashes alone: an RFC 9162 verifier sees only the
/// proof's hashes, so (index, size) pairs whose RFC 6962 PATH/SUBPROOF have the same shape (same length,
/// same sides) accept each other's proofs — e.g. the proof of leaf 0 in a tree of 3 is also a valid proof
/// of leaf 0 in a tree of 4 with the same root. So the wrong-size checks assert: rejected if and only if
/// the reference's shapes differ. Wrong indices always change the shape and are always rejected.
/// </remarks>
[Trait(TestCategories.Name, TestCategories.Slow)]
public class ProofPropertyTests
{
    [Property(MaxTest = 250)]
    public Property InclusionProofsEqualTheReferenceAndVerify() =>
        Prop.ForAll(ProofGenerators.InclusionCases, async c =>
        {
            TestTree tree = TestTree.Random(c.Size, c.Seed);
            ulong index = (ulong)c.Index, size = (ulong)c.Size;
            CancellationToken cancel = TestContext.Current.CancellationToken;

            MerkleHash root = await ProofBuilder.RootAsync(tree.Reader, size, cancel);
            MerkleHash[] proof = await ProofBuilder.InclusionAsync(tree.Reader, index, size, cancel);

            Assert.Equal(new MerkleHash(tree.Reference.Mth(c.Size)), root);
            Assert.Equal(TestTree.ToHashes(tree.Reference.Path(c.Index, c.Size)), proof);
            ProofVerifier.VerifyInclusion(index, size, tree.LeafHashes[c.Index], proof, root);
            Assert.Equal(root, ProofVerifier.RootFromInclusionProof(index, size, tree.LeafHashes[c.Index], proof));
        });

    [Property(MaxTest = 250)]
    public Property ConsistencyProofsEqualTheReferenceAndVerify() =>
        Prop.ForAll(ProofGenerators.ConsistencyCases, async c =>
        {
            TestTree tree = TestTree.Random(c.NewSize, c.Seed);
            ulong oldSize = (ulong)c.OldSize, newSize = (ulong)c.NewSize;
            CancellationToken cancel = TestContext.Current.CancellationToken;

            MerkleHash oldRoot = await ProofBuilder.RootAsync(tree.Reader, oldSize, cancel);
            MerkleHash newRoot = await ProofBuilder.RootAsync(tree.Reader, newSize, cancel);
            MerkleHash[] proof = await ProofBuilder.ConsistencyAsync(tree.Reader, oldSize, newSize, cancel);

            Assert.Equal(new MerkleHash(tree.Reference.Mth(c.OldSize)), oldRoot);
            Assert.Equal(new MerkleHash(tree.Reference.Mth(c.NewSize)), newRoot);
            Assert.Equal(TestTree.ToHashes(tree.Reference.Proof(c.OldSize, c.NewSize)), proof);
            ProofVerifier.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, proof);
        });

    [Property(MaxTest = 80)]
    public Property TamperedInclusionProofsFail() =>
        Prop.ForAll(ProofGenerators.InclusionCases, async c =>
        {
            TestTree tree = TestTree.Random(c.Size, c.Seed);
            ulong index = (ulong)c.Index, size = (ulong)c.Size;
            CancellationToken cancel = TestContext.Current.CancellationToken;
            MerkleHash root = await ProofBuilder.RootAsync(tree.Reader, size, cancel);
            MerkleHash[] proof = await ProofBuilder.InclusionAsync(tree.Reader, index, size, cancel);
            MerkleHash leaf = tree.LeafHashes[c.Index];
            Assert.True(VerifierProbe.Inclusion(index, size, leaf, proof, root), $"untampered proof of {c} must verify");

            // Any single bit of any proof hash, of the leaf hash and of the root.
            for (int j = 0; j < proof.Length; j++)
            {
                MerkleHash original = proof[j];
                for (int bit = 0; bit < MerkleHash.Size * 8; bit++)
                {
                    proof[j] = VerifierProbe.FlipBit(original, bit);
                    Assert.False(VerifierProbe.Inclusion(index, size, leaf, proof, root), $"{c}: bit {bit} of proof[{j}] flipped");
                }

                proof[j] = original;
            }

            for (int bit = 0; bit < MerkleHash.Size * 8; bit++)
            {
                Assert.False(VerifierProbe.Inclusion(index, size, VerifierProbe.FlipBit(leaf, bit), proof, root), $"{c}: bit {bit} of the leaf hash flipped");
                Assert.False(VerifierProbe.Inclusion(index, size, leaf, proof, VerifierProbe.FlipBit(root, bit)), $"{c}: bit {bit} of the root flipped");
            }

            // Wrong index (index ± 1 within the tree), with the same leaf hash and with the neighbour's own leaf hash.
            foreach (long wrong in new long[] { c.Index - 1L, c.Index + 1L })
            {
                if (wrong >= 0 && wrong < c.Size)
                {
                    Assert.False(VerifierProbe.Inclusion((ulong)wrong, size, leaf, proof, root), $"{c}: index {wrong}");
                    Assert.False(VerifierProbe.Inclusion((ulong)wrong, size, tree.LeafHashes[wrong], proof, root), $"{c}: index {wrong} with its own leaf");
                }
            }

            // Wrong size: rejected exactly when the RFC 6962 PATH shape differs (see the class remarks);
            // a size that does not contain the index is always rejected.
            string shape = ReferenceMerkleTree.PathShape(index, size);
            foreach (ulong wrong in new[] { size - 1, size + 1, size * 2, size / 2, size + 7, index, ulong.MaxValue })
            {
                if (wrong == size)
                {
                    continue;
                }

                bool expected = wrong > index && ReferenceMerkleTree.PathShape(index, wrong) == shape;
                Assert.Equal(expected, VerifierProbe.Inclusion(index, wrong, leaf, proof, root));
            }

            // Truncated and extended proofs.
            if (proof.Length > 0)
            {
                Assert.False(VerifierProbe.Inclusion(index, size, leaf, proof[..^1], root), $"{c}: last hash dropped");
                Assert.False(VerifierProbe.Inclusion(index, size, leaf, proof[1..], root), $"{c}: first hash dropped");
            }

            Assert.False(VerifierProbe.Inclusion(index, size, leaf, [.. proof, root], root), $"{c}: root appended");
            Assert.False(VerifierProbe.Inclusion(index, size, leaf, [.. proof, leaf], root), $"{c}: leaf appended");
            Assert.False(VerifierProbe.Inclusion(index, size, leaf, [leaf, .. proof], root), $"{c}: leaf prepended");
        });

    [Property(MaxTest = 50)]
    public Property TamperedConsistencyProofsFail() =>
        Prop.ForAll(ProofGenerators.ConsistencyCases, async c =>
        {
            TestTree tree = TestTree.Random(c.NewSize, c.Seed);
            ulong oldSize = (ulong)c.OldSize, newSize = (ulong)c.NewSize;
            CancellationToken cancel = TestContext.Current.CancellationToken;
            MerkleHash oldRoot = await ProofBuilder.RootAsync(tree.Reader, oldSize, cancel);
            MerkleHash newRoot = await ProofBuilder.RootAsync(tree.Reader, newSize, cancel);
            MerkleHash[] proof = await ProofBuilder.ConsistencyAsync(tree.Reader, oldSize, newSize, cancel);
            Assert.True(VerifierProbe.Consistency(oldSize, newSize, oldRoot, newRoot, proof), $"untampered proof of {c} must verify");

            // Any single bit of any proof hash, of the old root and of the new root.
            for (int j = 0; j < proof.Length; j++)
            {
                MerkleHash original = proof[j];
                for (int bit = 0; bit < MerkleHash.Size * 8; bit++)
                {
                    proof[j] = VerifierProbe.FlipBit(original, bit);
                    Assert.False(VerifierProbe.Consistency(oldSize, newSize, oldRoot, newRoot, proof), $"{c}: bit {bit} of proof[{j}] flipped");
                }

                proof[j] = original;
            }

            for (int bit = 0; bit < MerkleHash.Size * 8; bit++)
            {
                Assert.False(VerifierProbe.Consistency(oldSize, newSize, VerifierProbe.FlipBit(oldRoot, bit), newRoot, proof), $"{c}: bit {bit} of the old root flipped");
                Assert.False(VerifierProbe.Consistency(oldSize, newSize, oldRoot, VerifierProbe.FlipBit(newRoot, bit), proof), $"{c}: bit {bit} of the new root flipped");
            }

            // Wrong old size (old size ± 1, the "index" of a consistency proof): always rejected.
            foreach (ulong wrong in new[] { oldSize - 1, oldSize + 1 })
            {
                Assert.False(VerifierProbe.Consistency(wrong, newSize, oldRoot, newRoot, proof), $"{c}: old size {wrong}");
            }

            // Sizes swapped: rejected unless they are equal.
            Assert.Equal(oldSize == newSize, VerifierProbe.Consistency(newSize, oldSize, oldRoot, newRoot, proof));

            // Wrong new size, or both sizes shifted: rejected exactly when the SUBPROOF shape differs.
            string shape = ReferenceMerkleTree.ProofShape(oldSize, newSize);
            (ulong Old, ulong New)[] wrongSizes =
            [
                (oldSize, newSize - 1), (oldSize, newSize + 1), (oldSize, newSize * 2), (oldSize, newSize / 2),
                (oldSize, newSize + 5), (oldSize + 1, newSize + 1), (oldSize * 2, newSize * 2),
            ];
            foreach ((ulong wrongOld, ulong wrongNew) in wrongSizes)
            {
                bool expected = wrongOld >= 1 && wrongOld <= wrongNew && ReferenceMerkleTree.ProofShape(wrongOld, wrongNew) == shape;
                Assert.Equal(expected, VerifierProbe.Consistency(wrongOld, wrongNew, oldRoot, newRoot, proof));
            }

            // Truncated and extended proofs.
            if (proof.Length > 0)
            {
                Assert.False(VerifierProbe.Consistency(oldSize, newSize, oldRoot, newRoot, proof[..^1]), $"{c}: last hash dropped");
                Assert.False(VerifierProbe.Consistency(oldSize, newSize, oldRoot, newRoot, proof[1..]), $"{c}: first hash dropped");
            }

            Assert.False(VerifierProbe.Consistency(oldSize, newSize, oldRoot, newRoot, [.. proof, newRoot]), $"{c}: new root appended");
            Assert.False(VerifierProbe.Consistency(oldSize, newSize, oldRoot, newRoot, [.. proof, oldRoot]), $"{c}: old root appended");
            Assert.False(VerifierProbe.Consistency(oldSize, newSize, oldRoot, newRoot, [oldRoot, .. proof]), $"{c}: old root prepended");
        });
}
