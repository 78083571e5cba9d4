using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Transparency.Proofs;

/// <summary>A proof did not verify; the message says what was expected and what was computed.</summary>
public sealed class ProofVerificationException : Exception
{
    /// <summary>Creates the error with its reason.</summary>
    public ProofVerificationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error for a root that the proof did not reproduce.</summary>
    public ProofVerificationException(string what, MerkleHash expected, MerkleHash computed)
        : base($"{what}: expected root {expected.ToBase64()}, computed {computed.ToBase64()}")
    {
        Expected = expected;
        Computed = computed;
    }

    /// <summary>The root the proof should have reproduced, when the failure is a root mismatch.</summary>
    public MerkleHash? Expected { get; }

    /// <summary>The root the proof did reproduce, when the failure is a root mismatch.</summary>
    public MerkleHash? Computed { get; }
}
