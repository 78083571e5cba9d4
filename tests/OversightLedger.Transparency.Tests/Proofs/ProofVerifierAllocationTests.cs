using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tests.TestSupport;

namespace OversightLedger.Transparency.Tests.Proofs;

/// <summary>ProofVerifier documents that verifying allocates nothing: measure it on valid proofs.</summary>
public class ProofVerifierAllocationTests
{
    private const int Calls = 1000;

    [Fact]
    public async Task VerifyInclusionAllocatesNothing()
    {
        TestTree tree = TestTree.Random(1000, seed: 7);
        const ulong index = 437, size = 1000;
        MerkleHash root = await ProofBuilder.RootAsync(tree.Reader, size, TestContext.Current.CancellationToken);
        MerkleHash[] proof = await ProofBuilder.InclusionAsync(tree.Reader, index, size, TestContext.Current.CancellationToken);
        MerkleHash leaf = tree.LeafHashes[index];

        long allocated = MeasureInclusion(index, size, leaf, proof, root);

        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task VerifyConsistencyAllocatesNothing()
    {
        TestTree tree = TestTree.Random(1000, seed: 11);
        const ulong oldSize = 437, newSize = 1000;
        MerkleHash oldRoot = await ProofBuilder.RootAsync(tree.Reader, oldSize, TestContext.Current.CancellationToken);
        MerkleHash newRoot = await ProofBuilder.RootAsync(tree.Reader, newSize, TestContext.Current.CancellationToken);
        MerkleHash[] proof = await ProofBuilder.ConsistencyAsync(tree.Reader, oldSize, newSize, TestContext.Current.CancellationToken);

        long allocated = MeasureConsistency(oldSize, newSize, oldRoot, newRoot, proof);

        Assert.Equal(0, allocated);
    }

    // Synchronous helpers: the measured thread is the one that runs all the calls.
    private static long MeasureInclusion(ulong index, ulong size, MerkleHash leaf, MerkleHash[] proof, MerkleHash root)
    {
        ReadOnlySpan<MerkleHash> span = proof;
        ProofVerifier.VerifyInclusion(index, size, leaf, span, root); // warm-up (JIT, static initialisers)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            ProofVerifier.VerifyInclusion(index, size, leaf, span, root);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static long MeasureConsistency(ulong oldSize, ulong newSize, MerkleHash oldRoot, MerkleHash newRoot, MerkleHash[] proof)
    {
        ReadOnlySpan<MerkleHash> span = proof;
        ProofVerifier.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, span); // warm-up (JIT, static initialisers)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            ProofVerifier.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, span);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
