using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Server.Witnesses;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Server.Log;

/// <summary>
/// The public log under <c>/log/</c>, exactly the C2SP tlog-tiles layout (checkpoint, hash tiles, entry
/// bundles), plus the verifier key and JSON proofs. No key is needed to read any of it. Witnesses hand in their
/// cosignatures at <c>/log/cosignature</c>; the checkpoint is served with those of exactly that checkpoint.
/// </summary>
internal static class LogEndpoints
{
    private const string FullTileCaching = "public, max-age=31536000, immutable";
    private const string ChangingCaching = "no-cache";

    public static IEndpointRouteBuilder MapLogEndpoints(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder log = routes.MapGroup("/log").WithTags("Public log");
        log.MapGet("/checkpoint", GetCheckpointAsync)
            .WithSummary("The latest signed checkpoint (C2SP tlog-checkpoint, signed note), followed by the witnesses' cosignature lines for it (C2SP tlog-cosignature).");
        log.MapPost("/cosignature", CosignatureSubmission.SubmitAsync)
            .Produces<CosignatureAccepted>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Hand in a registered witness's cosignature of the current checkpoint: the checkpoint note with the cosignature line (no API key).");
        log.MapGet("/key", GetKey).WithSummary("The verifier key string of the log's checkpoint signer.");
        log.MapGet("/tile/{**path}", GetTileAsync).WithSummary("A hash tile or entry bundle (C2SP tlog-tiles).");
        log.MapGet("/proof/inclusion", LogProofs.InclusionAsync).WithSummary("An inclusion proof (RFC 6962) of entry `index` in the tree of `treeSize` entries.");
        log.MapGet("/proof/consistency", LogProofs.ConsistencyAsync).WithSummary("A consistency proof (RFC 6962) from tree size `from` to `to`.");
        return routes;
    }

    private static async Task<IResult> GetCheckpointAsync(AuditLogStore store, CosignatureStore cosignatures, HttpContext context, CancellationToken cancellationToken)
    {
        byte[]? checkpoint = await store.Storage.ReadAsync(TilePath.Checkpoint, cancellationToken);
        if (checkpoint is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The log has not been created yet.");
        }

        context.Response.Headers.CacheControl = ChangingCaching;
        return TypedResults.Bytes(await cosignatures.WithCosignaturesAsync(checkpoint, cancellationToken), "text/plain; charset=utf-8");
    }

    private static ContentHttpResult GetKey(AuditLogStore store) =>
        TypedResults.Text(store.VerifierKey + "\n", "text/plain", Encoding.UTF8);

    private static async Task<IResult> GetTileAsync(string path, AuditLogStore store, IGrainFactory grains, HttpContext context, CancellationToken cancellationToken)
    {
        TileAddress address;
        try
        {
            address = TilePath.Parse("tile/" + path);
        }
        catch (FormatException)
        {
            return TypedResults.NotFound();
        }

        // Only what the latest checkpoint covers: a crash can leave tiles beyond it on disk, which the next
        // batch rewrites; serving one (as immutable, even) would hand out bytes no checkpoint vouches for.
        LogTreeHead head = await grains.GetGrain<IAuditLogGrain>(store.Origin).GetTreeHeadAsync();
        ulong hashesAtLevel = TileLayout.HashesAtTileLevel(head.TreeSize, address.IsEntryBundle ? 0 : address.Level);
        // By division: Index × 256 wraps around for an index near 2^64 and would look covered.
        ulong fullTiles = hashesAtLevel / TileLayout.Width;
        bool covered = address.Index < fullTiles || (address.Index == fullTiles && (ulong)address.Width <= hashesAtLevel % TileLayout.Width);
        if (!covered)
        {
            return TypedResults.NotFound();
        }

        byte[]? bytes = await store.Storage.ReadAsync(address.Path, cancellationToken);
        if (bytes is null)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers[HeaderNames.CacheControl] = address.IsFull ? FullTileCaching : ChangingCaching;
        return TypedResults.Bytes(bytes, "application/octet-stream");
    }
}
