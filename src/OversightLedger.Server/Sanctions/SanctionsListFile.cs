namespace OversightLedger.Server.Sanctions;

/// <summary>
/// One configured list: where it is — <see cref="Path"/> (a file; for <c>ofac-csv</c> <c>sdn.csv</c> or the directory
/// holding it, with <c>alt.csv</c>, <c>add.csv</c>, <c>sdn_comments.csv</c> beside it when present) or <see cref="Url"/>
/// (an http(s) address fetched whole at each load) — its <see cref="Format"/>, and the <see cref="Source"/> name it is
/// recorded under.
/// </summary>
internal sealed class SanctionsListFile
{
    /// <summary>The file or directory (unset when <see cref="Url"/> is).</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>An http or https address the list is downloaded from at start and by the <c>sanctions-refresh</c> job.</summary>
    public string? Url { get; set; }

    /// <summary><c>ofac-csv</c> (default; <c>ofac-sdn-csv</c> is the same), <c>ofac-xml</c>, <c>un-xml</c>, <c>eu-xml</c> or <c>eu-csv</c>.</summary>
    public string Format { get; set; } = SanctionsListFormats.OfacCsv;

    /// <summary>
    /// The source name the list is recorded under: the OFAC SDN CSV list is always <c>OFAC-SDN</c>; the default for OFAC XML
    /// is <c>OFAC-CONSOLIDATED</c>, for the UN list <c>UN-SC-CONSOLIDATED</c>, for the EU list <c>EU-FSF</c>.
    /// </summary>
    public string? Source { get; set; }

    /// <summary>Where the list is, as the status shows it: the file's name, or the address without its query.</summary>
    public string Location => Url is { Length: > 0 } url
        ? Uri.TryCreate(url, UriKind.Absolute, out Uri? address) ? address.GetLeftPart(UriPartial.Path) : url
        : System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path));
}
