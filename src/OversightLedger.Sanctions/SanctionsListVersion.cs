namespace OversightLedger.Sanctions;

/// <summary>What identifies one loaded version of a list: what the ledger records when a list changes.</summary>
/// <param name="Source">The list, e.g. <c>OFAC-SDN</c> or <c>OFAC-CONSOLIDATED</c>.</param>
/// <param name="PublicationDate">The publication date the file states, when it states one (OFAC's CSV does not).</param>
/// <param name="EntryCount">How many entries were loaded.</param>
/// <param name="Sha256">The lowercase hex SHA-256 of the main file (<c>sdn.csv</c>, the XML file).</param>
/// <param name="Files">Every file read, with its digest (the main file first).</param>
/// <param name="DanglingRowCount">Alias, address or comment rows naming an entry the main file does not hold (skipped).</param>
public sealed record SanctionsListVersion(
    string Source,
    DateOnly? PublicationDate,
    int EntryCount,
    string Sha256,
    IReadOnlyList<SourceFileDigest> Files,
    int DanglingRowCount);
