using System.Text.Json;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Tests.Notes;
using OversightLedger.Transparency.Tests.TestSupport;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Transparency.Tests.Witnessing;

/// <summary>
/// The witness's view of the shared vectors: the size-5 and size-8 checkpoints of the RFC 6962 8-leaf tree
/// (<c>vectors/signed-note</c>), the consistency proofs between them (<c>rfc6962-generated-matrix.json</c>) and the
/// test witness key whose cosignature of the size-8 checkpoint at 1,700,000,000 is a vector.
/// </summary>
internal static class WitnessVectors
{
    public const ulong VectorTimestamp = 1_700_000_000;

    private static readonly Lazy<JsonElement> Rfc6962Set = new(() =>
    {
        using JsonDocument document = VectorFiles.LoadVectors("rfc6962-generated-matrix.json");
        return document.RootElement.GetProperty("sets").GetProperty("rfc6962-8").Clone();
    });

    public static NoteVerifier LogVerifier => new(NoteVectors.LogVerifierKey);

    public static byte[] Checkpoint5 => NoteVectors.ReadNote("checkpoint-size5-valid.note");

    public static byte[] Checkpoint8 => NoteVectors.ReadNote("checkpoint-size8-valid.note");

    public static byte[] Cosigned8 => NoteVectors.ReadNote("checkpoint-size8-with-ed25519-cosignature.note");

    /// <summary>The witness's signer key string, made from the vector's seed (the JSON gives the seed, not the string).</summary>
    public static string WitnessSignerKey
    {
        get
        {
            using var cosigner = new Cosigner(NoteVectors.WitnessName, NoteVectors.WitnessSeed);
            byte[] publicKey = Convert.FromBase64String(cosigner.VerifierKey.Split('+', 3)[2])[1..];
            uint keyHash = NoteKeys.KeyHash(NoteVectors.WitnessName, NoteKeys.Ed25519Type, publicKey);
            return "PRIVATE+KEY+" + NoteKeys.FormatKey(NoteVectors.WitnessName, keyHash, NoteKeys.Ed25519Type, NoteVectors.WitnessSeed);
        }
    }

    /// <summary>The root of the 8-leaf tree's first <paramref name="size"/> leaves.</summary>
    public static MerkleHash Root(int size) => MerkleHash.FromHex(Rfc6962Set.Value.GetProperty("rootsBySizeHex")[size].GetString()!);

    /// <summary>The consistency proof of the 8-leaf set from <paramref name="size1"/> to <paramref name="size2"/>.</summary>
    public static MerkleHash[] ConsistencyProof(ulong size1, ulong size2) =>
    [
        .. Rfc6962Set.Value.GetProperty("consistencyProofs").EnumerateArray()
            .Single(row => row.GetProperty("size1").GetUInt64() == size1 && row.GetProperty("size2").GetUInt64() == size2)
            .GetProperty("proofHex").EnumerateArray().Select(hash => MerkleHash.FromHex(hash.GetString()!)),
    ];

    /// <summary>The state of a witness that cosigned the size-5 checkpoint.</summary>
    public static WitnessState StateAt5 => WitnessState.Of(SignedCheckpoint.Open(Checkpoint5, LogVerifier).Checkpoint);
}
