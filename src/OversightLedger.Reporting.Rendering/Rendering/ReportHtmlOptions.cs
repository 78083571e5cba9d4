namespace OversightLedger.Reporting.Rendering;

/// <summary>What <see cref="ReportHtmlWriter"/> needs beyond the report: where the log is served and how to check it.</summary>
public sealed record ReportHtmlOptions
{
    /// <summary>
    /// The public base URL of the ledger (e.g. <c>https://ledger.example.org</c>), under which the log is served at
    /// <c>/log/</c>; the page's verification commands use it. A trailing slash is ignored. Required.
    /// </summary>
    public required string PublicBaseUrl { get; init; }

    /// <summary>
    /// The log's verifier key string, <c>&lt;name&gt;+&lt;8 hex&gt;+&lt;base64&gt;</c>, as the auditor passes it to
    /// <c>oversight verify</c>. Required.
    /// </summary>
    public required string LogVerifierKey { get; init; }

    /// <summary>The publishing organisation's name, shown in the page header. Required.</summary>
    public required string ReportingOrgName { get; init; }

    /// <summary>The publishing organisation's IATI organisation identifier, shown beside its name; default null (not shown).</summary>
    public string? ReportingOrgRef { get; init; }

    /// <summary>
    /// The name the page's links give the other formats, without extension (default: the quarter, e.g. <c>2026-Q4</c>
    /// for <c>2026-Q4.json</c>); <c>quarter-to-date</c> for the unpublished current quarter.
    /// </summary>
    public string? FileBaseName { get; init; }
}
