namespace OversightLedger.Server.Tests.Vetting;

/// <summary>
/// <c>DisburseCommand</c>'s shape before issue 12 (the amount as text, field id 4), as a payment list waiting for its
/// vetting stored its rows then: what <see cref="StoredPaymentListRowTests"/> serializes to read back as today's command.
/// </summary>
[GenerateSerializer]
internal sealed record DisburseCommandBeforeIssue12(
    [property: Id(0)] string DisbursementId,
    [property: Id(1)] string Budget,
    [property: Id(2)] string? Tranche,
    [property: Id(3)] string Beneficiary,
    [property: Id(4)] string Amount,
    [property: Id(5)] string? Sector,
    [property: Id(6)] string? Modality,
    [property: Id(7)] string? Period,
    [property: Id(8)] string? Counterparty = null);
