using OversightLedger.Domain.Money;

namespace OversightLedger.Reporting.Model;

/// <summary>
/// A budget's (or all budgets' of a currency) cumulative balances at the end of the quarter: every entry from the start
/// of the log with a time before <see cref="ReportQuarter.End"/>, in its currency.
/// </summary>
/// <remarks>
/// <see cref="Available"/> is released − net disbursed: what the log can prove was still available to disburse. The
/// budget grain also holds in-flight <em>reservations</em> (disbursements being decided, a few milliseconds long, never
/// written to the log), so the live figure a grain shows is released − (reserved + disbursed); reservations are not
/// facts of the log and no report shows them.
/// </remarks>
/// <param name="Received">Donor money received so far.</param>
/// <param name="Released">Money released from tranches so far.</param>
/// <param name="Disbursed">Money disbursed so far (gross).</param>
/// <param name="Reversed">Money returned by reversals so far.</param>
/// <param name="NetDisbursed"><paramref name="Disbursed"/> − <paramref name="Reversed"/>.</param>
/// <param name="Available"><paramref name="Released"/> − <paramref name="NetDisbursed"/>.</param>
/// <param name="DisbursementCount">The number of <c>Disbursed</c> entries so far.</param>
/// <param name="ReversalCount">The number of <c>Reversed</c> entries so far.</param>
/// <param name="Delivered">Payments their provider confirmed so far (<c>Delivered</c> entries).</param>
/// <param name="DeliveryCount">The number of <c>Delivered</c> entries so far.</param>
public sealed record BudgetBalances(
    Money Received, Money Released, Money Disbursed, Money Reversed, Money NetDisbursed, Money Available, long DisbursementCount, long ReversalCount,
    Money Delivered, long DeliveryCount)
{
    /// <summary>The currency of every amount.</summary>
    public Currency Currency => Received.Currency;
}
