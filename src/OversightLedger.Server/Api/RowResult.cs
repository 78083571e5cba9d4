namespace OversightLedger.Server.Api;

/// <summary>
/// One row of a payment list's result report: <see cref="Id"/> is the agency's own disbursement id, <see cref="EntryId"/>
/// the id it has in the log once accepted (<c>disbursement/&lt;program&gt;/&lt;id&gt;</c>).
/// </summary>
internal sealed record RowResult(int Row, string Id, string Status, ulong? LeafIndex, string? Code, string? Message, string? EntryId = null);
