using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tests.TestSupport;

namespace OversightLedger.Transparency.Tests.Proofs;

/// <summary>Every root, inclusion proof and consistency proof of every tree of 1..70 entries, against the naive reference.</summary>
public class ExhaustiveSmallTreeTests
{
    private const int MaxSize = 70;

    [Fact]
    public async Task EveryProofOfEverySmallTreeEqualsTheReferenceAndVerifies()
    {
        TestTree tree = TestTree.Random(MaxSize, seed: 42);
        CancellationToken cancel = TestContext.Current.CancellationToken;
        var roots = new MerkleHash[MaxSize + 1];
        for (int size = 0; size <= MaxSize; size++)
        {
            roots[size] = await ProofBuilder.RootAsync(tree.Reader, (ulong)size, cancel);
            Assert.Equal(new MerkleHash(tree.Reference.Mth(size)), roots[size]);
        }

        for (int size = 1; size <= MaxSize; size++)
        {
            for (int index = 0; index < size; index++)
            {
                MerkleHash[] proof = await ProofBuilder.InclusionAsync(tree.Reader, (ulong)index, (ulong)size, cancel);
                Assert.True(TestTree.ToHashes(tree.Reference.Path(index, size)).SequenceEqual(proof), $"inclusion {index} in {size}");
                ProofVerifier.VerifyInclusion((ulong)index, (ulong)size, tree.LeafHashes[index], proof, roots[size]);
            }

            for (int oldSize = 1; oldSize <= size; oldSize++)
            {
                MerkleHash[] proof = await ProofBuilder.ConsistencyAsync(tree.Reader, (ulong)oldSize, (ulong)size, cancel);
                Assert.True(TestTree.ToHashes(tree.Reference.Proof(oldSize, size)).SequenceEqual(proof), $"consistency {oldSize} to {size}");
                ProofVerifier.VerifyConsistency((ulong)oldSize, (ulong)size, roots[oldSize], roots[size], proof);
            }
        }
    }
}
