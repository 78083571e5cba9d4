using Microsoft.Extensions.Options;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Reports;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Rendering;

namespace OversightLedger.Server.Reports;

/// <summary>
/// The current quarter's report so far, on demand: computed at the latest checkpoint, not published (no entry in the
/// log), and kept until the log grows, so repeated requests cost one pass over the log per checkpoint at most.
/// </summary>
internal sealed class QuarterToDateReports(AuditLogStore store, IOptions<ReportPublishingOptions> options, TimeProvider time)
{
    private readonly SemaphoreSlim _computing = new(1, 1);
    private (ulong Size, ReportQuarter Quarter, ReportFiles Files)? _latest;

    /// <summary>
    /// The file of the quarter-to-date report with extension <paramref name="extension"/> (html, json, csv or xml); null
    /// for the IATI XML while no budget is open.
    /// </summary>
    public async Task<byte[]?> GetAsync(string extension, CancellationToken cancellationToken)
    {
        ReportCheckpoint checkpoint = await LogReportSource.ReadCheckpointAsync(store.Storage, store.Verifier, cancellationToken);
        ReportQuarter quarter = ReportQuarter.Containing(time.GetUtcNow());
        await _computing.WaitAsync(cancellationToken);
        try
        {
            (ulong Size, ReportQuarter Quarter, ReportFiles Files)? latest = _latest;
            if (latest is null || latest.Value.Size != checkpoint.Size || latest.Value.Quarter != quarter)
            {
                QuarterlyReport report = await LogReportSource.BuildReportAsync(store.Storage, quarter, checkpoint, cancellationToken);
                ReportPublishingOptions settings = options.Value;
                latest = (checkpoint.Size, quarter, ReportFiles.Render(report, settings.HtmlOptions(store.VerifierKey) with { FileBaseName = "quarter-to-date" }, settings.IatiOptions()));
                _latest = latest;
            }

            return latest.Value.Files.Get(extension);
        }
        finally
        {
            _computing.Release();
        }
    }
}
