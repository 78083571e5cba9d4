namespace OversightLedger.Reporting.Model;

/// <summary>Disbursements within the quarter by the recipient country of the budget they drew on, per currency.</summary>
/// <param name="Country">The ISO 3166-1 alpha-2 code.</param>
/// <param name="InQuarter">The flows of budgets of that country, in one currency.</param>
public sealed record CountryReport(string Country, DisbursementFlows InQuarter);
