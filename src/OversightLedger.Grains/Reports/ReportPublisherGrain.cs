using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Watchdogs;
using OversightLedger.Grains.Witnesses;
using OversightLedger.Reporting.Csv;
using OversightLedger.Reporting.Json;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Rendering;

namespace OversightLedger.Grains.Reports;

/// <summary>
/// Publishes one quarter's report. The commit point is the <c>ReportPublished</c> entry: the files are stored first
/// (under their hashes, so a crashed or duplicated attempt can never replace a published file), then the entry is
/// appended. Its id is the quarter's, so whichever attempt appends first is the publication, and every other answers
/// with it.
/// </summary>
public sealed partial class ReportPublisherGrain(
    LedgerLog log,
    AuditLogStore store,
    IReportStore reports,
    ICosignatureStore cosignatures,
    IOptions<ReportPublishingOptions> options,
    TimeProvider time,
    ILogger<ReportPublisherGrain> logger) : Grain, IReportPublisherGrain
{
    /// <inheritdoc/>
    public async Task<ReportPublication?> PublishAsync()
    {
        ReportQuarter quarter = ReportQuarter.Parse(this.GetPrimaryKeyString());
        if (await GetAsync() is { } published)
        {
            return published;
        }

        DateTimeOffset now = time.GetUtcNow();
        if (quarter.End > now)
        {
            return null;
        }

        ReportCheckpoint checkpoint = await CosignedCheckpointAsync();
        QuarterlyReport report = await LogReportSource.BuildReportAsync(store.Storage, quarter, checkpoint);
        ReportPublishingOptions settings = options.Value;
        ReportFiles files = ReportFiles.Render(report, settings.HtmlOptions(store.VerifierKey), settings.IatiOptions());

        // Quarters are published from the first budget's on (ReportCatalogGrain): a report without a budget is never published.
        byte[] xml = files.Xml ?? throw new InvalidOperationException($"The report of {quarter} has no budget; it is not published.");
        var entry = new ReportPublished(
            ReportPublished.IdFor(quarter.ToString()), now, quarter.ToString(), (long)checkpoint.Size, checkpoint.RootHex,
            await reports.PutAsync(files.Html), await reports.PutAsync(files.Json), await reports.PutAsync(files.Csv), await reports.PutAsync(xml));
        try
        {
            LogAppendReceipt receipt = await log.AppendAsync(entry.ToCanonicalJson());
            LogPublished(logger, entry.Quarter, receipt.LeafIndex, checkpoint.Size);
            return ReportPublications.From(entry, receipt.LeafIndex, publishedNow: true);
        }
        catch (EntryIdTakenException)
        {
            // Another attempt published the quarter first: its entry is the publication.
            return await GetAsync();
        }
    }

    /// <summary>
    /// The checkpoint to compute at, with as many witnesses' cosignatures as can be had: every watchdog scans twice, so
    /// that the findings of the quarter are in the log first; then the newest cosigned checkpoint (cosigned by the
    /// registered outside witnesses) is taken if it is the current one, else the current one with the log's signature alone.
    /// </summary>
    private async Task<ReportCheckpoint> CosignedCheckpointAsync()
    {
        string[] watchdogs = await GrainFactory.GetGrain<IWatchdogDirectoryGrain>(IWatchdogDirectoryGrain.Key).ListAsync();
        for (int round = 0; round < 2 && watchdogs.Length > 0; round++)
        {
            foreach (string watchdog in watchdogs)
            {
                await GrainFactory.GetGrain<IWatchdogGrain>(watchdog).ScanAsync();
            }
        }

        ReportCheckpoint current = await LogReportSource.ReadCheckpointAsync(store.Storage, store.Verifier);
        return await cosignatures.LatestCosignedAsync() is { } cosigned && cosigned.Checkpoint.Size == current.Size && cosigned.Checkpoint.Root == current.Root
            ? ReportCheckpoint.From(Transparency.Checkpoints.SignedCheckpoint.Open(cosigned.Format(), store.Verifier))
            : current;
    }

    /// <inheritdoc/>
    public async Task<ReportPublication?> GetAsync()
    {
        string quarter = ReportQuarter.Parse(this.GetPrimaryKeyString()).ToString();
        ulong? leaf = await log.FindAsync(ReportPublished.IdFor(quarter));
        return leaf is null
            ? null
            : ReportPublications.From((ReportPublished)LedgerEntryParser.Parse(await log.ReadAsync(leaf.Value)), leaf.Value, publishedNow: false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published the {Quarter} report (ReportPublished at leaf {LeafIndex}, figures at checkpoint size {Size})")]
    private static partial void LogPublished(ILogger logger, string quarter, ulong leafIndex, ulong size);
}
