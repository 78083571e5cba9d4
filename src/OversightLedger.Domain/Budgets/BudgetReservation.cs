using OversightLedger.Domain.Programs;

namespace OversightLedger.Domain.Budgets;

/// <summary>
/// An in-flight reservation on a tranche: money held for a disbursement between the budget's yes and the Disbursed entry
/// reaching the log. Lives in memory only; it is not in the log and a rebuilt budget has none.
/// </summary>
/// <param name="Request">The disbursement request it holds money for.</param>
/// <param name="Tranche">The tranche it draws on.</param>
/// <param name="ReservedAt">The decision time it was taken at (UTC, whole seconds), to find stale reservations.</param>
public sealed record BudgetReservation(DisbursementRequest Request, string Tranche, DateTimeOffset ReservedAt)
{
    /// <summary>The disbursement id.</summary>
    public string DisbursementId => Request.DisbursementId;
}
