using System.Text;
using System.Text.Json;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Server.Witnesses;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Receipts;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Server.Api;

/// <summary>
/// Receipts: where a disbursement is in the public log, with an inclusion proof against the latest signed
/// checkpoint (with the witnesses' cosignatures stored for it when it is fetched). Public, like the log itself; the
/// receipt also comes as a C2SP tlog-proof file. A disbursement id is the
/// agency's own, unique within its program, so receipts live under the program:
/// <c>/api/programs/{program}/disbursements/{id}</c> (the entry id is <c>disbursement/{program}/{id}</c>).
/// </summary>
internal static class DisbursementsApi
{
    public static IEndpointRouteBuilder MapDisbursementsApi(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder disbursements = routes.MapGroup("/api/programs/{program}/disbursements").WithTags("Receipts");
        disbursements.MapGet("/{id}", GetReceiptAsync).WithSummary("A disbursement's receipt: leaf index, leaf hash, checkpoint and inclusion proof (public).");
        disbursements.MapGet("/{id}/receipt.tlog-proof", GetTlogProofAsync).WithSummary("The receipt as a C2SP tlog-proof file, for `oversight verify receipt`.");
        disbursements.MapGet("/{id}/entry", GetEntryAsync).WithSummary("The disbursement's log entry, byte for byte as hashed.");
        return routes;
    }

    /// <summary>Where the receipt of the agency's disbursement <paramref name="id"/> in <paramref name="program"/> is.</summary>
    public static string ReceiptPath(string program, string id) => $"/api/programs/{program}/disbursements/{id}";

    private static async Task<IResult> GetReceiptAsync(
        string program, string id, IGrainFactory grains, AuditLogStore store, LogEntryReader reader, CosignatureStore cosignatures, HttpContext http, CancellationToken cancellationToken)
    {
        if (await FindAsync(program, id, grains, store, reader, cancellationToken) is not { } found)
        {
            return Problems.NotFound("disbursement", id);
        }

        (ulong leaf, byte[] entry, LogTreeHead head, MerkleHash[] proof) = found;
        string logUrl = $"{http.Request.Scheme}://{http.Request.Host}/log";
        return TypedResults.Ok(new DisbursementReceipt(
            id,
            program,
            EntryIds.Disbursement(program, id),
            leaf,
            Rfc6962.HashLeaf(entry).ToBase64(),
            JsonDocument.Parse(entry).RootElement.Clone(),
            head.TreeSize,
            head.RootBase64,
            Encoding.UTF8.GetString(await cosignatures.WithCosignaturesAsync(head.Checkpoint, cancellationToken)),
            [.. proof.Select(h => h.ToBase64())],
            $"oversight verify inclusion --log {logUrl} --vkey '{store.VerifierKey}' --index {leaf}"));
    }

    /// <summary>
    /// The receipt as a tlog-proof, its checkpoint carrying the witnesses' cosignatures stored for it when it is fetched
    /// (none yet, right after the write: fetch it again, or use <c>oversight receipt --quorum</c>, which waits for them).
    /// </summary>
    private static async Task<IResult> GetTlogProofAsync(
        string program, string id, IGrainFactory grains, AuditLogStore store, LogEntryReader reader, CosignatureStore cosignatures, CancellationToken cancellationToken)
    {
        if (await FindAsync(program, id, grains, store, reader, cancellationToken) is not { } found)
        {
            return Problems.NotFound("disbursement", id);
        }

        byte[] checkpoint = await cosignatures.WithCosignaturesAsync(found.Head.Checkpoint, cancellationToken);
        return TypedResults.Bytes(new TlogProof(found.Leaf, found.Proof, checkpoint).Format(), "text/plain; charset=utf-8", $"{id}.tlog-proof");
    }

    private static async Task<IResult> GetEntryAsync(string program, string id, IGrainFactory grains, AuditLogStore store, LogEntryReader reader, CancellationToken cancellationToken) =>
        await FindAsync(program, id, grains, store, reader, cancellationToken) is { } found
            ? TypedResults.Bytes(found.Entry, "application/json", $"{id}.json")
            : Problems.NotFound("disbursement", id);

    private static async Task<(ulong Leaf, byte[] Entry, LogTreeHead Head, MerkleHash[] Proof)?> FindAsync(
        string program, string id, IGrainFactory grains, AuditLogStore store, LogEntryReader reader, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValid(program) || !Identifiers.IsValid(id))
        {
            return null;
        }

        IAuditLogGrain log = grains.GetGrain<IAuditLogGrain>(store.Origin);
        if (await log.FindAsync(EntryIds.Disbursement(program, id)) is not { } leaf)
        {
            return null;
        }

        LogTreeHead head = await log.GetTreeHeadAsync();
        byte[] entry = (await reader.ReadAsync([leaf], head.TreeSize, cancellationToken))[0];
        if (!LedgerEntryParser.TryParse(entry, out LedgerEntry? parsed, out _) || parsed is not Disbursed disbursed || disbursed.Program != program)
        {
            return null;
        }

        MerkleHash[] proof = await ProofBuilder.InclusionAsync(new TileNodeHashReader(store.Storage, head.TreeSize), leaf, head.TreeSize, cancellationToken);
        return (leaf, entry, head, proof);
    }
}

/// <summary>
/// A disbursement's receipt, verifiable offline against the signed checkpoint: the agency's own id, its program, and the
/// id of its entry in the log.
/// </summary>
internal sealed record DisbursementReceipt(
    string DisbursementId,
    string Program,
    string EntryId,
    ulong LeafIndex,
    string LeafHash,
    JsonElement Entry,
    ulong TreeSize,
    string Root,
    string Checkpoint,
    string[] InclusionProof,
    string Verify);
