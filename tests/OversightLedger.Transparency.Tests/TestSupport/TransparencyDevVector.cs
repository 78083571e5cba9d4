using System.Text.Json;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;

namespace OversightLedger.Transparency.Tests.TestSupport;

/// <summary>
/// Runs one transparency-dev/merkle inclusion or consistency vector through <see cref="ProofVerifier"/>.
/// Base64 values are parsed as <see cref="MerkleHash"/> inside the attempt: a value that is not a
/// 32-byte hash (e.g. "WrongLeaf") makes parsing throw FormatException/ArgumentException, which counts
/// as a rejection. In the verification step only <see cref="ProofVerificationException"/> counts as one;
/// anything else escapes and fails the test (a crash is not a verdict).
/// </summary>
internal static class TransparencyDevVector
{
    public static bool IsInclusion(JsonElement vector) => vector.TryGetProperty("leafIdx", out _);

    public static bool WantErr(JsonElement vector) => vector.GetProperty("wantErr").GetBoolean();

    public static VectorVerdict Check(JsonElement vector) =>
        IsInclusion(vector) ? CheckInclusion(vector) : CheckConsistency(vector);

    public static VectorVerdict CheckInclusion(JsonElement vector)
    {
        ulong index = vector.GetProperty("leafIdx").GetUInt64();
        ulong size = vector.GetProperty("treeSize").GetUInt64();
        MerkleHash leaf, root;
        MerkleHash[] proof;
        try
        {
            leaf = ParseHash(vector.GetProperty("leafHash"));
            root = ParseHash(vector.GetProperty("root"));
            proof = ParseProof(vector.GetProperty("proof"));
        }
        catch (Exception error) when (error is FormatException or ArgumentException)
        {
            return VectorVerdict.RejectedAt("parse", error);
        }

        try
        {
            ProofVerifier.VerifyInclusion(index, size, leaf, proof, root);
            return VectorVerdict.Verified;
        }
        catch (ProofVerificationException error)
        {
            return VectorVerdict.RejectedAt("verify", error);
        }
    }

    public static VectorVerdict CheckConsistency(JsonElement vector)
    {
        ulong size1 = vector.GetProperty("size1").GetUInt64();
        ulong size2 = vector.GetProperty("size2").GetUInt64();
        MerkleHash root1, root2;
        MerkleHash[] proof;
        try
        {
            root1 = ParseHash(vector.GetProperty("root1"));
            root2 = ParseHash(vector.GetProperty("root2"));
            proof = ParseProof(vector.GetProperty("proof"));
        }
        catch (Exception error) when (error is FormatException or ArgumentException)
        {
            return VectorVerdict.RejectedAt("parse", error);
        }

        try
        {
            ProofVerifier.VerifyConsistency(size1, size2, root1, root2, proof);
            return VectorVerdict.Verified;
        }
        catch (ProofVerificationException error)
        {
            return VectorVerdict.RejectedAt("verify", error);
        }
    }

    // Go's encoding/json writes a nil []byte as null and an empty one as "": neither is a hash.
    private static MerkleHash ParseHash(JsonElement value) =>
        MerkleHash.FromBase64(value.ValueKind == JsonValueKind.Null ? string.Empty : value.GetString()!);

    // A nil proof slice is written as null: the empty proof.
    private static MerkleHash[] ParseProof(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? [] : [.. value.EnumerateArray().Select(ParseHash)];
}
