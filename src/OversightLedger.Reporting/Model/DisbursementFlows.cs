using OversightLedger.Domain.Money;

namespace OversightLedger.Reporting.Model;

/// <summary>
/// Disbursements and reversals within the quarter, in one currency: what a program, sector, country or month shows.
/// A reversal counts in the quarter (and month) in which the <c>Reversed</c> entry was recorded, whenever the
/// disbursement it reverses was made.
/// </summary>
/// <param name="Disbursed">The sum of the <c>Disbursed</c> entries (gross).</param>
/// <param name="Reversed">The sum of the <c>Reversed</c> entries.</param>
/// <param name="NetDisbursed"><paramref name="Disbursed"/> − <paramref name="Reversed"/>.</param>
/// <param name="DisbursementCount">The number of <c>Disbursed</c> entries.</param>
/// <param name="ReversalCount">The number of <c>Reversed</c> entries.</param>
/// <param name="Delivered">The sum of the <c>Delivered</c> entries: paid and confirmed by the payment provider (counted when confirmed).</param>
/// <param name="DeliveryCount">The number of <c>Delivered</c> entries.</param>
public sealed record DisbursementFlows(
    Money Disbursed, Money Reversed, Money NetDisbursed, long DisbursementCount, long ReversalCount, Money Delivered, long DeliveryCount)
{
    /// <summary>The currency of every amount.</summary>
    public Currency Currency => Disbursed.Currency;

    /// <summary>No flows in <paramref name="currency"/>.</summary>
    public static DisbursementFlows Zero(Currency currency) =>
        new(Money.Zero(currency), Money.Zero(currency), Money.Zero(currency), 0, 0, Money.Zero(currency), 0);
}
