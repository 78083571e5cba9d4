using OversightLedger.Reporting.Rendering;

namespace OversightLedger.Grains.Reports;

/// <summary>What a published report says about who publishes it and where it can be checked (configuration section <c>Reports</c>).</summary>
public sealed class ReportPublishingOptions
{
    /// <summary>The public base URL of the ledger, under which <c>/log/</c> and <c>/reports/</c> are served (used in the verify commands).</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>The IATI organisation identifier of the publisher (reporting-org/@ref).</summary>
    public string ReportingOrgRef { get; set; } = "XM-OVERSIGHTLEDGER";

    /// <summary>The publisher's name.</summary>
    public string ReportingOrgName { get; set; } = "OversightLedger";

    /// <summary>The page's options: these settings, and the log's verifier key <paramref name="logVerifierKey"/> for its verify commands.</summary>
    public ReportHtmlOptions HtmlOptions(string logVerifierKey) => new()
    {
        PublicBaseUrl = PublicBaseUrl,
        LogVerifierKey = logVerifierKey,
        ReportingOrgName = ReportingOrgName,
        ReportingOrgRef = ReportingOrgRef,
    };

    /// <summary>The IATI file's options: the reporting organisation of these settings.</summary>
    public IatiWriterOptions IatiOptions() => new() { ReportingOrgRef = ReportingOrgRef, ReportingOrgName = ReportingOrgName };
}
