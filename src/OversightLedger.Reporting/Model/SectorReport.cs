namespace OversightLedger.Reporting.Model;

/// <summary>
/// Disbursements within the quarter by the OECD DAC 5-digit sector each <c>Disbursed</c> entry names, per currency; a
/// reversal counts against the sector of the disbursement it reverses.
/// </summary>
/// <param name="Sector">The DAC 5-digit purpose code.</param>
/// <param name="InQuarter">The flows in that sector and currency.</param>
public sealed record SectorReport(string Sector, DisbursementFlows InQuarter);
