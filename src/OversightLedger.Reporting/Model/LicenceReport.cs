using OversightLedger.Domain.Entries;

namespace OversightLedger.Reporting.Model;

/// <summary>
/// A general licence recorded before the end of the quarter, as amended by then, and what was paid under it in the quarter:
/// each disbursement into a sanctioned jurisdiction is counted under the first licence (in id order) attached to its budget
/// that covered it at its time (gross, reversals not deducted).
/// </summary>
/// <param name="Licence">The licence id.</param>
/// <param name="Authority">Who issued it.</param>
/// <param name="Reference">Its public reference, e.g. <c>OFAC GL 25</c>.</param>
/// <param name="Countries">The countries it covers at quarter end.</param>
/// <param name="Issued">From when it covers payments.</param>
/// <param name="Expires">Until when (exclusive), as amended by the end of the quarter.</param>
/// <param name="Amendments">How many amendments were recorded by the end of the quarter.</param>
/// <param name="Budgets">The budgets it is attached to, in id order.</param>
/// <param name="Paid">What was paid under it in the quarter, per currency in code order (empty when nothing).</param>
public sealed record LicenceReport(
    string Licence,
    string Authority,
    string Reference,
    NameSet Countries,
    DateTimeOffset Issued,
    DateTimeOffset Expires,
    long Amendments,
    NameSet Budgets,
    IReadOnlyList<LicencePayments> Paid);
