namespace OversightLedger.Reporting.Model;

/// <summary>
/// Disbursements in one month of the quarter (by entry time, UTC), per currency: the series of a chart. Every currency
/// with any flow in the quarter has all three months, zeros included.
/// </summary>
/// <param name="Month">The month, <c>yyyy-MM</c>.</param>
/// <param name="InQuarter">The flows of that month in one currency.</param>
public sealed record MonthReport(string Month, DisbursementFlows InQuarter);
