using OversightLedger.Domain.Money;

namespace OversightLedger.Reporting.Model;

/// <summary>All budgets of one currency added up: amounts in different currencies are never summed together.</summary>
/// <param name="Currency">The currency.</param>
/// <param name="Budgets">The number of budgets in this currency opened before the end of the quarter.</param>
/// <param name="Pledged">Their pledges.</param>
/// <param name="InQuarter">Their flows within the quarter.</param>
/// <param name="AtQuarterEnd">Their balances at the end of the quarter.</param>
public sealed record CurrencyTotals(Currency Currency, long Budgets, Money Pledged, BudgetFlows InQuarter, BudgetBalances AtQuarterEnd);
