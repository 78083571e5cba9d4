using System.Text.Json;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tests.TestSupport;

namespace OversightLedger.Transparency.Tests.Proofs;

/// <summary>
/// The inclusion and consistency vectors of transparency-dev/merkle (testdata/inclusion and
/// testdata/consistency, with additional/ and single-entry/; the MTC subtree vectors are out of scope):
/// our verdict must be !wantErr.
/// </summary>
public class TransparencyDevVectorTests
{
    /// <summary>The one vector where we deliberately differ from transparency-dev/merkle (see <see cref="EqualSizesWithTwelveByteRootsAreRejectedLikeGoTlog"/>).</summary>
    private const string TwelveByteRootsVector = "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json";

    public static TheoryData<string> Vectors() =>
        [.. VectorFiles.TransparencyDevProofVectors().Where(path => path != TwelveByteRootsVector)];

    [Fact]
    public void AllExpectedVectorsAreFound()
    {
        IReadOnlyList<string> all = VectorFiles.TransparencyDevProofVectors();

        // README §1: 196 inclusion + consistency files (goverify selftest agrees on 195 of them).
        Assert.Equal(196, all.Count);
        Assert.Contains(TwelveByteRootsVector, all);
        Assert.Contains(all, path => path.StartsWith("inclusion/additional/", StringComparison.Ordinal));
        Assert.Contains(all, path => path.StartsWith("inclusion/single-entry/", StringComparison.Ordinal));
        Assert.Contains(all, path => path.StartsWith("consistency/additional/", StringComparison.Ordinal));
        Assert.DoesNotContain(all, path => path.Contains("subtree", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void VerdictIsNotWantErr(string vector)
    {
        using JsonDocument document = VectorFiles.LoadTransparencyDev(vector);
        bool wantErr = TransparencyDevVector.WantErr(document.RootElement);

        VectorVerdict verdict = TransparencyDevVector.Check(document.RootElement);

        Assert.True(
            verdict.Accepted == !wantErr,
            $"{vector} ({document.RootElement.GetProperty("desc").GetString()}): wantErr={wantErr}, but {verdict.Stage}: {verdict.Reason}");
    }

    // transparency-dev/merkle accepts this vector: with size1 == size2 it only compares the two roots as
    // opaque byte strings, and here both are the same 12 bytes ("don't care 2"). A root is a 32-byte hash,
    // so, like Go's golang.org/x/mod/sumdb/tlog (fixed [32]byte Hash), we reject it: the 12-byte value
    // fails to parse as a MerkleHash and never reaches the verifier.
    [Fact]
    public void EqualSizesWithTwelveByteRootsAreRejectedLikeGoTlog()
    {
        using JsonDocument document = VectorFiles.LoadTransparencyDev(TwelveByteRootsVector);
        Assert.False(TransparencyDevVector.WantErr(document.RootElement));
        Assert.Equal(12, Convert.FromBase64String(document.RootElement.GetProperty("root1").GetString()!).Length);

        VectorVerdict verdict = TransparencyDevVector.Check(document.RootElement);

        Assert.False(verdict.Accepted);
        Assert.Equal("parse", verdict.Stage);
        Assert.StartsWith(nameof(FormatException), verdict.Reason, StringComparison.Ordinal);
    }

    // The same case with real 32-byte roots is accepted: equal sizes, empty proof, equal roots.
    [Fact]
    public void EqualSizesWithEqualThirtyTwoByteRootsAndEmptyProofVerify()
    {
        MerkleHash root = Rfc6962.HashLeaf("don't care 2"u8);

        ProofVerifier.VerifyConsistency(1, 1, root, root, []);
    }

    // Following transparency-dev/merkle (commit 8c666a7, "fix edge case with 0 sized tree"), a consistency
    // proof from the empty tree is refused, whatever the sizes, roots and proof.
    [Fact]
    public void ConsistencyFromSizeZeroVectorsAreAllRejected()
    {
        var fromZero = new List<string>();
        foreach (string vector in VectorFiles.TransparencyDevProofVectors().Where(path => path.StartsWith("consistency/", StringComparison.Ordinal)))
        {
            using JsonDocument document = VectorFiles.LoadTransparencyDev(vector);
            if (document.RootElement.GetProperty("size1").GetUInt64() != 0)
            {
                continue;
            }

            fromZero.Add(vector);
            Assert.True(TransparencyDevVector.WantErr(document.RootElement), vector);
            Assert.False(TransparencyDevVector.Check(document.RootElement).Accepted, vector);
        }

        Assert.Contains("consistency/additional/consistency-check-on-empty-tree-size1-is-zero-is-useless.json", fromZero);
        Assert.Contains("consistency/additional/sizes-are-equal-zero-and-proof-is-empty.json", fromZero);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(8UL)]
    public void ConsistencyFromSizeZeroIsRefused(ulong newSize)
    {
        MerkleHash empty = Rfc6962.EmptyRoot;
        MerkleHash newRoot = newSize == 0 ? empty : Rfc6962.HashLeaf([1, 2, 3]);

        ProofVerificationException empty0 = Assert.Throws<ProofVerificationException>(() => ProofVerifier.VerifyConsistency(0, newSize, empty, newRoot, []));
        Assert.Contains("empty tree", empty0.Message, StringComparison.Ordinal);
        Assert.Throws<ProofVerificationException>(() => ProofVerifier.VerifyConsistency(0, newSize, empty, newRoot, [empty]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofPlan.Consistency(0, newSize));
    }
}
