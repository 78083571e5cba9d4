namespace OversightLedger.Cli.Agency;

/// <summary>
/// The body of <c>POST /api/programs/{program}/disbursements</c>: one disbursement, idempotent by <see cref="Id"/>.
/// <see cref="Beneficiary"/> is the agency's own reference; the server keeps only its keyed pseudonym.
/// </summary>
internal sealed record DisbursementBody(
    string Id, string Budget, string Beneficiary, string Amount, string? Tranche, string? Sector, string? Modality, string? Period);
