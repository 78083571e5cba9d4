namespace OversightLedger.Domain.Programs;

/// <summary>
/// Where a disbursement's money came from and what it paid for: the few combinations a program or a budget sees,
/// shared by the facts of all its disbursements (<see cref="DisbursementFacts"/>).
/// </summary>
/// <param name="Program">The paying program.</param>
/// <param name="Budget">The budget drawn on.</param>
/// <param name="Tranche">The tranche drawn on.</param>
/// <param name="Sector">The DAC purpose code of what was paid for.</param>
/// <param name="Modality">How it was paid.</param>
/// <param name="Counterparty">The registered counterparty the payment named, or null.</param>
internal sealed record DisbursementTerms(string Program, string Budget, string Tranche, string Sector, string Modality, string? Counterparty);
