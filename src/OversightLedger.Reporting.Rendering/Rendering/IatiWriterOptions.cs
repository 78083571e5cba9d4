namespace OversightLedger.Reporting.Rendering;

/// <summary>How <see cref="IatiActivityWriter"/> names the publisher and stamps the file.</summary>
public sealed record IatiWriterOptions
{
    /// <summary>
    /// The reporting organisation's IATI organisation identifier (e.g. <c>XM-DAC-12345</c> or a registration-agency
    /// prefixed id). Each activity's <c>iati-identifier</c> is this, a hyphen, and the budget id. Required.
    /// </summary>
    public required string ReportingOrgRef { get; init; }

    /// <summary>The reporting organisation's name, written as its narrative. Required.</summary>
    public required string ReportingOrgName { get; init; }

    /// <summary>The reporting organisation's IATI OrganisationType code; default <c>90</c> (Other).</summary>
    public string ReportingOrgType { get; init; } = IatiCodes.OrganisationTypeOther;

    /// <summary>
    /// The <c>generated-datetime</c> and <c>last-updated-datetime</c> written; default null, meaning the end of the
    /// report's quarter (the instant the figures are "as of"), so that the same report always gives the same bytes.
    /// Never the wall clock.
    /// </summary>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>
    /// The IATI codelists to check every code against before writing it; default null (no check). When set, a code
    /// that is not an active code of its list (a withdrawn DAC sector, a currency IATI does not list…) makes
    /// <see cref="IatiActivityWriter.Write"/> throw rather than publish a file the IATI validator would reject.
    /// </summary>
    public IatiCodelists? Codelists { get; init; }
}
