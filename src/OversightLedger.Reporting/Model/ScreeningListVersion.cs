namespace OversightLedger.Reporting.Model;

/// <summary>A sanctions list version the log records (<c>SanctionsListLoaded</c>).</summary>
/// <param name="Source">The list, e.g. <c>OFAC-SDN</c>.</param>
/// <param name="PublicationDate">The publication date the file states, when it states one.</param>
/// <param name="Sha256">The SHA-256 of the list's file, lowercase hex.</param>
/// <param name="EntryCount">How many entries the version holds.</param>
/// <param name="LoadedAt">When the ledger recorded it.</param>
/// <param name="Leaf">The entry's leaf.</param>
public sealed record ScreeningListVersion(string Source, DateOnly? PublicationDate, string Sha256, long EntryCount, DateTimeOffset LoadedAt, ulong Leaf);
