using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;

namespace OversightLedger.Reporting.Model;

/// <summary>One ring-fenced budget opened before the end of the quarter: its terms, its flows in the quarter, its balances at the end of the quarter and its tranches.</summary>
/// <param name="Budget">The budget id.</param>
/// <param name="Donor">The donor organisation.</param>
/// <param name="Owner">The donor key id that owns the budget.</param>
/// <param name="Purpose">The OECD DAC 5-digit purpose (sector) code the budget is ring-fenced to.</param>
/// <param name="Country">The recipient country, ISO 3166-1 alpha-2.</param>
/// <param name="Currency">The budget's currency; every amount of the budget is in it.</param>
/// <param name="Pledged">The pledged amount.</param>
/// <param name="SnapBackClasses">The finding classes whose confirmed finding triggers snap-back.</param>
/// <param name="OpenedAt">When the budget was opened (UTC).</param>
/// <param name="OpenedLeaf">The leaf index of its <c>BudgetOpened</c> entry.</param>
/// <param name="EligiblePrograms">The programs listed as eligible (the ring-fence) by the end of the quarter.</param>
/// <param name="FrozenAtQuarterEnd">Whether the budget was frozen (snap-back) at the end of the quarter.</param>
/// <param name="InQuarter">The flows within the quarter.</param>
/// <param name="AtQuarterEnd">The cumulative balances at the end of the quarter.</param>
/// <param name="Tranches">The tranches added by the end of the quarter, in the order they were added.</param>
/// <param name="Vetting">The budget's vetted payment lists within the quarter; null when there were none (the report then reads as before).</param>
public sealed record BudgetReport(
    string Budget,
    string Donor,
    string Owner,
    string Purpose,
    string Country,
    Currency Currency,
    Money Pledged,
    NameSet SnapBackClasses,
    DateTimeOffset OpenedAt,
    ulong OpenedLeaf,
    NameSet EligiblePrograms,
    bool FrozenAtQuarterEnd,
    BudgetFlows InQuarter,
    BudgetBalances AtQuarterEnd,
    IReadOnlyList<TrancheReport> Tranches,
    PaymentListVettingCounts? Vetting = null);
