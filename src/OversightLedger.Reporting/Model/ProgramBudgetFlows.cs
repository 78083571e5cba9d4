namespace OversightLedger.Reporting.Model;

/// <summary>What a program disbursed from one budget within the quarter.</summary>
/// <param name="Budget">The budget id.</param>
/// <param name="InQuarter">The disbursements and reversals of the program against that budget, in the budget's currency.</param>
public sealed record ProgramBudgetFlows(string Budget, DisbursementFlows InQuarter);
