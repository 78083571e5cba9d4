namespace OversightLedger.Sanctions;

/// <summary>
/// The file formats a sanctions list is read from. Each has a configuration name (<see cref="SanctionsListReader.FormatName"/>):
/// <c>ofac-csv</c>, <c>ofac-xml</c>, <c>un-xml</c>, <c>eu-xml</c>, <c>eu-csv</c>.
/// </summary>
public enum SanctionsListFormat
{
    /// <summary>OFAC's legacy CSV (<c>sdn.csv</c>, with <c>alt.csv</c>, <c>add.csv</c>, <c>sdn_comments.csv</c> beside it when read from a directory).</summary>
    OfacCsv,

    /// <summary>OFAC's XML export (<c>sdnList</c> / <c>sdnEntry</c>: <c>sdn.xml</c>, <c>consolidated.xml</c>).</summary>
    OfacXml,

    /// <summary>The UN Security Council Consolidated List (<c>CONSOLIDATED_LIST</c> / <c>INDIVIDUAL</c> / <c>ENTITY</c>).</summary>
    UnXml,

    /// <summary>The EU Consolidated Financial Sanctions List, XML export (<c>export</c> / <c>sanctionEntity</c>).</summary>
    EuXml,

    /// <summary>The EU Consolidated Financial Sanctions List, CSV export (<c>csvFullSanctionsList_1_1</c>: <c>;</c>-separated, one row per entity and detail).</summary>
    EuCsv,
}
