using OversightLedger.Domain.Money;

namespace OversightLedger.Reporting.Model;

/// <summary>What moved through a budget (or all budgets of a currency) within the quarter, in its currency.</summary>
/// <param name="Received">The sum of <c>FundsReceived</c> entries: donor money that arrived.</param>
/// <param name="Released">The sum of <c>TrancheReleased</c> entries: money made available to disburse.</param>
/// <param name="Disbursed">The sum of <c>Disbursed</c> entries (gross).</param>
/// <param name="Reversed">The sum of <c>Reversed</c> entries.</param>
/// <param name="NetDisbursed"><paramref name="Disbursed"/> − <paramref name="Reversed"/>.</param>
/// <param name="DisbursementCount">The number of <c>Disbursed</c> entries.</param>
/// <param name="ReversalCount">The number of <c>Reversed</c> entries.</param>
/// <param name="Delivered">The sum of <c>Delivered</c> entries: payments their provider confirmed.</param>
/// <param name="DeliveryCount">The number of <c>Delivered</c> entries.</param>
public sealed record BudgetFlows(
    Money Received, Money Released, Money Disbursed, Money Reversed, Money NetDisbursed, long DisbursementCount, long ReversalCount, Money Delivered, long DeliveryCount)
{
    /// <summary>The currency of every amount.</summary>
    public Currency Currency => Received.Currency;
}
