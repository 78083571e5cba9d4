using System.Globalization;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Anchoring;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Reports;
using OversightLedger.Server.Access;
using OversightLedger.Server.Api;

namespace OversightLedger.Server.Anchoring;

/// <summary>
/// The Bitcoin anchors: <c>/log/anchors/&lt;size&gt;.json</c>, the proof file of the checkpoint of that size
/// (public: what <c>oversight verify anchor</c> reads), <c>/log/anchors/index.json</c>, every recorded anchor (public),
/// and <c>/api/anchors</c>, the anchoring status (watchdogs and admins: it shows the operator's wallet balance and the
/// node's errors, not needed to audit anything).
/// </summary>
internal static class AnchorsEndpoints
{
    public static IEndpointRouteBuilder MapAnchorsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/log/anchors/index.json", IndexAsync).WithTags("Public log")
            .WithSummary("Every checkpoint anchored in Bitcoin (CheckpointAnchored entries) with its proof's path (public).");
        routes.MapGet("/log/anchors/{file}", ProofAsync).WithTags("Public log")
            .WithSummary("The anchor proof (oversight-anchor/v1) of the checkpoint of that size, e.g. /log/anchors/1234.json (public); check it with 'oversight verify anchor'.");
        routes.MapGet("/api/anchors", StatusAsync).RequireAuthorization(AccessSetup.WatchdogPolicy).WithTags("Anchors")
            .WithSummary("Anchoring status (watchdog or admin): the last anchor, the pending one, the wallet's balance as of the last run, the last run.");
        return routes;
    }

    private static async Task<IResult> StatusAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICheckpointAnchorGrain>(ICheckpointAnchorGrain.Key).GetStatusAsync());

    private static async Task<IResult> IndexAsync(LedgerLog log)
    {
        List<AnchorRecord> anchors = [];
        foreach ((ulong leaf, byte[] entry) in await log.ReadKindAsync(CheckpointAnchored.KindName))
        {
            if (LedgerEntryParser.TryParse(entry, out LedgerEntry? parsed, out _) && parsed is CheckpointAnchored anchored)
            {
                anchors.Add(AnchorRecord.From(anchored, leaf));
            }
        }

        return TypedResults.Ok(anchors);
    }

    private static async Task<IResult> ProofAsync(string file, LedgerLog log, IReportStore files, CancellationToken cancellationToken)
    {
        // Strictly "<size>.json": decimal digits, no sign, no leading zero, within a tree size.
        string size = file.EndsWith(".json", StringComparison.Ordinal) ? file[..^5] : "";
        if (size.Length is 0 or > 16 || size[0] == '0' || !size.All(char.IsAsciiDigit)
            || !long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out long treeSize) || treeSize > CanonicalJsonWriter.MaxSafeInteger)
        {
            return Problems.NotFound("anchor proof", file);
        }

        if (await log.FindAsync(EntryIds.CheckpointAnchored(treeSize)) is not { } leaf
            || LedgerEntryParser.Parse(await log.ReadAsync(leaf)) is not CheckpointAnchored anchored
            || await files.GetAsync(anchored.ProofSha256, cancellationToken) is not { } proof)
        {
            return Problems.NotFound("anchor proof", file);
        }

        return TypedResults.Bytes(proof, "application/json");
    }
}
