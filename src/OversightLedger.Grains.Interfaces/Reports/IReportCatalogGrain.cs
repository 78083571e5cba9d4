namespace OversightLedger.Grains.Reports;

/// <summary>The published reports of the log (one activation, key <c>main</c>), and the catch-up of quarters that ended unpublished.</summary>
[Alias("OversightLedger.Grains.Reports.IReportCatalogGrain")]
public interface IReportCatalogGrain : IGrainWithStringKey
{
    /// <summary>The key of the one catalog.</summary>
    const string Key = "main";

    /// <summary>
    /// Publishes every quarter that has ended since the quarter of the log's first budget and has no report yet, oldest
    /// first; returns the publication of each such quarter (published now or before).
    /// </summary>
    [Alias("PublishEndedQuartersAsync")]
    Task<ReportPublication[]> PublishEndedQuartersAsync();

    /// <summary>Every published report, in log order.</summary>
    [Alias("ListAsync")]
    Task<ReportPublication[]> ListAsync();
}
