using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Reporting.Model;

/// <summary>One beneficiary program opened before the end of the quarter and what it paid within the quarter.</summary>
/// <param name="Program">The program id.</param>
/// <param name="Agency">The implementing agency (the program's owner).</param>
/// <param name="Currency">The program's currency.</param>
/// <param name="CapPerPeriod">The most one beneficiary may receive per period.</param>
/// <param name="Period">The cap's period.</param>
/// <param name="OpenedAt">When the program was opened (UTC).</param>
/// <param name="OpenedLeaf">The leaf index of its <c>ProgramOpened</c> entry.</param>
/// <param name="Budgets">The budgets that list the program as eligible at the end of the quarter.</param>
/// <param name="BeneficiariesEnrolled">The number of <c>BeneficiaryEnrolled</c> entries of the program by the end of the quarter.</param>
/// <param name="InQuarter">The program's disbursements and reversals within the quarter, in its currency.</param>
/// <param name="BeneficiariesReached">
/// The number of distinct beneficiary pseudonyms paid by a <c>Disbursed</c> entry of the program within the quarter
/// (a later reversal does not un-reach a beneficiary).
/// </param>
/// <param name="ByBudget">The same flows split by the budget they drew on, ordered by budget id (only budgets with flows).</param>
public sealed record ProgramReport(
    string Program,
    string Agency,
    Currency Currency,
    Money CapPerPeriod,
    CapPeriod Period,
    DateTimeOffset OpenedAt,
    ulong OpenedLeaf,
    NameSet Budgets,
    long BeneficiariesEnrolled,
    DisbursementFlows InQuarter,
    long BeneficiariesReached,
    IReadOnlyList<ProgramBudgetFlows> ByBudget);
