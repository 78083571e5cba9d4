using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Ledger;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Grains.Reports;

/// <summary>Lists the published reports from the log, and publishes the quarters that ended without one (catch-up).</summary>
public sealed class ReportCatalogGrain(LedgerLog log, TimeProvider time) : Grain, IReportCatalogGrain
{
    /// <inheritdoc/>
    public async Task<ReportPublication[]> PublishEndedQuartersAsync()
    {
        // Reports start with the quarter of the first budget: before it there are no figures to publish (and IATI
        // needs at least one activity, one per budget).
        List<(ulong LeafIndex, byte[] Entry)> budgets = await log.ReadKindAsync(BudgetOpened.KindName);
        if (budgets.Count == 0 || !LedgerEntryParser.TryParse(budgets[0].Entry, out LedgerEntry? first, out _))
        {
            return [];
        }

        ReportQuarter last = ReportQuarter.Containing(time.GetUtcNow()).Previous;
        List<ReportPublication> publications = [];
        for (ReportQuarter quarter = ReportQuarter.Containing(first.Time); quarter <= last; quarter = quarter.Next)
        {
            if (await GrainFactory.GetGrain<IReportPublisherGrain>(quarter.ToString()).PublishAsync() is { } publication)
            {
                publications.Add(publication);
            }
        }

        return [.. publications];
    }

    /// <inheritdoc/>
    public async Task<ReportPublication[]> ListAsync()
    {
        List<ReportPublication> publications = [];
        foreach ((ulong leaf, byte[] bytes) in await log.ReadKindAsync(ReportPublished.KindName))
        {
            if (LedgerEntryParser.TryParse(bytes, out LedgerEntry? entry, out _) && entry is ReportPublished published)
            {
                publications.Add(ReportPublications.From(published, leaf, publishedNow: false));
            }
        }

        return [.. publications];
    }
}
