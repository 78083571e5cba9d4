namespace OversightLedger.Grains.Reports;

/// <summary>
/// Publishes one quarter's transparency report (keyed by the quarter, e.g. <c>2026-Q4</c>): computes it from the log
/// at the current checkpoint, stores its four files under their SHA-256, and appends <c>ReportPublished</c> with those
/// hashes. A quarter is published once: the entry's id is the quarter's, so a second call (or a second silo, or a
/// restart) answers with the publication already in the log.
/// </summary>
[Alias("OversightLedger.Grains.Reports.IReportPublisherGrain")]
public interface IReportPublisherGrain : IGrainWithStringKey
{
    /// <summary>Publishes the quarter unless it is published already; refused (null) while the quarter has not ended.</summary>
    [Alias("PublishAsync")]
    Task<ReportPublication?> PublishAsync();

    /// <summary>The quarter's publication, or null when it is not published.</summary>
    [Alias("GetAsync")]
    Task<ReportPublication?> GetAsync();
}
