namespace OversightLedger.Server.Api;

/// <summary>One row of a payment list's result report.</summary>
internal sealed record RowResult(int Row, string Id, string Status, ulong? LeafIndex, string? Code, string? Message);
