using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;

namespace OversightLedger.Transparency.Tests.TestSupport;

/// <summary>
/// Calls <see cref="ProofVerifier"/> and turns its verdict into a bool: a <see cref="ProofVerificationException"/>
/// is "rejected"; any other exception is a bug and escapes.
/// </summary>
internal static class VerifierProbe
{
    public static bool Inclusion(ulong index, ulong size, MerkleHash leaf, ReadOnlySpan<MerkleHash> proof, MerkleHash root)
    {
        try
        {
            ProofVerifier.VerifyInclusion(index, size, leaf, proof, root);
            return true;
        }
        catch (ProofVerificationException)
        {
            return false;
        }
    }

    public static bool Consistency(ulong oldSize, ulong newSize, MerkleHash oldRoot, MerkleHash newRoot, ReadOnlySpan<MerkleHash> proof)
    {
        try
        {
            ProofVerifier.VerifyConsistency(oldSize, newSize, oldRoot, newRoot, proof);
            return true;
        }
        catch (ProofVerificationException)
        {
            return false;
        }
    }

    /// <summary><paramref name="hash"/> with bit <paramref name="bit"/> (0..255, byte-major) flipped.</summary>
    public static MerkleHash FlipBit(MerkleHash hash, int bit)
    {
        byte[] bytes = hash.ToArray();
        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        return new MerkleHash(bytes);
    }
}
