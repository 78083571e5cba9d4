namespace OversightLedger.Server.Sanctions;

/// <summary>
/// One configured list: <see cref="Path"/> (for <c>ofac-sdn-csv</c>, <c>sdn.csv</c> or the directory holding it, with
/// <c>alt.csv</c>, <c>add.csv</c>, <c>sdn_comments.csv</c> beside it when present; for <c>ofac-xml</c>, the XML file),
/// <see cref="Format"/>, and for XML the <see cref="Source"/> name (default <c>OFAC-CONSOLIDATED</c>).
/// </summary>
internal sealed class SanctionsListFile
{
    /// <summary>The file or directory.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary><c>ofac-sdn-csv</c> (default) or <c>ofac-xml</c>.</summary>
    public string Format { get; set; } = SanctionsListFormats.OfacSdnCsv;

    /// <summary>The source name the XML list is recorded under; the CSV list is always <c>OFAC-SDN</c>.</summary>
    public string? Source { get; set; }
}
