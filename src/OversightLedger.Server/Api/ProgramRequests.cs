namespace OversightLedger.Server.Api;

/// <summary>Opens a beneficiary program run by the calling agency.</summary>
internal sealed record OpenProgramRequest(string Id, string Currency, string CapPerPeriod, string Period, string? RequestId = null) : IIdempotentRequest;

/// <summary>Enrols a beneficiary by the agency's own reference (only its keyed pseudonym is kept).</summary>
internal sealed record EnrollRequest(string Reference, string? RequestId = null) : IIdempotentRequest;

/// <summary>
/// One disbursement, idempotent by <see cref="Id"/>. <see cref="Beneficiary"/> is the agency's reference;
/// only its pseudonym reaches the ledger. Optional: tranche (the budget picks), sector (the budget's purpose),
/// modality (cash), period (the current one), counterparty (a registered counterparty of the agency paid or paid through:
/// refused with <c>counterparty-blocked</c> while its sanctions screening blocks it).
/// </summary>
internal sealed record DisbursementRequestBody(
    string Id, string Budget, string Beneficiary, string Amount, string? Tranche = null, string? Sector = null, string? Modality = null, string? Period = null,
    string? Counterparty = null);
