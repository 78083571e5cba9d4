using System.Text.Json.Serialization;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Server.Log;

/// <summary>JSON proofs computed from the log's own tiles (anyone can recompute them from the static files).</summary>
internal static class LogProofs
{
    public static async Task<IResult> InclusionAsync(ulong? index, ulong? treeSize, AuditLogStore store, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (index is null || treeSize is null)
        {
            return BadRequest("Both `index` and `treeSize` are required.");
        }

        ulong size = await CurrentSizeAsync(store, grains);
        if (treeSize > size || index >= treeSize)
        {
            return BadRequest($"Need index < treeSize ≤ {size} (the latest checkpoint); got index {index}, treeSize {treeSize}.");
        }

        var reader = new TileNodeHashReader(store.Storage, treeSize.Value);
        MerkleHash leafHash = (await reader.ReadHashesAsync([new NodeId(0, index.Value)], cancellationToken))[0];
        MerkleHash[] proof = await ProofBuilder.InclusionAsync(reader, index.Value, treeSize.Value, cancellationToken);
        return TypedResults.Ok(new InclusionProofResponse(index.Value, treeSize.Value, leafHash.ToBase64(), [.. proof.Select(h => h.ToBase64())]));
    }

    public static async Task<IResult> ConsistencyAsync(ulong? from, ulong? to, AuditLogStore store, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (from is null || to is null)
        {
            return BadRequest("Both `from` and `to` are required.");
        }

        ulong size = await CurrentSizeAsync(store, grains);
        if (from == 0 || from > to || to > size)
        {
            return BadRequest($"Need 0 < from ≤ to ≤ {size} (the latest checkpoint); got from {from}, to {to}.");
        }

        var reader = new TileNodeHashReader(store.Storage, to.Value);
        MerkleHash[] proof = await ProofBuilder.ConsistencyAsync(reader, from.Value, to.Value, cancellationToken);
        return TypedResults.Ok(new ConsistencyProofResponse(from.Value, to.Value, [.. proof.Select(h => h.ToBase64())]));
    }

    /// <summary>The size of the latest checkpoint, as the sequencer holds it (no file read, no signature check per request).</summary>
    private static async Task<ulong> CurrentSizeAsync(AuditLogStore store, IGrainFactory grains) =>
        (await grains.GetGrain<IAuditLogGrain>(store.Origin).GetTreeHeadAsync()).TreeSize;

    private static IResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid proof request", type: "https://oversightledger.org/problems/invalid-proof-request");
}

/// <summary>An inclusion proof, hashes in base64.</summary>
internal sealed record InclusionProofResponse(
    [property: JsonPropertyName("index")] ulong Index,
    [property: JsonPropertyName("treeSize")] ulong TreeSize,
    [property: JsonPropertyName("leafHash")] string LeafHash,
    [property: JsonPropertyName("proof")] string[] Proof);

/// <summary>A consistency proof, hashes in base64.</summary>
internal sealed record ConsistencyProofResponse(
    [property: JsonPropertyName("from")] ulong From,
    [property: JsonPropertyName("to")] ulong To,
    [property: JsonPropertyName("proof")] string[] Proof);
