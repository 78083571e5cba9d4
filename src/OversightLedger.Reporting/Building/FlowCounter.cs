using OversightLedger.Domain.Money;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Building;

/// <summary>Running sums, in minor units of one currency, of disbursements, reversals and confirmed deliveries.</summary>
internal sealed class FlowCounter(Currency currency)
{
    public Currency Currency { get; } = currency;

    public long Disbursed { get; private set; }

    public long Reversed { get; private set; }

    public long DisbursementCount { get; private set; }

    public long ReversalCount { get; private set; }

    public long Delivered { get; private set; }

    public long DeliveryCount { get; private set; }

    public bool IsEmpty => DisbursementCount == 0 && ReversalCount == 0 && DeliveryCount == 0;

    public void AddDisbursement(long minorUnits)
    {
        Disbursed = checked(Disbursed + minorUnits);
        DisbursementCount++;
    }

    public void AddReversal(long minorUnits)
    {
        Reversed = checked(Reversed + minorUnits);
        ReversalCount++;
    }

    public void AddDelivery(long minorUnits)
    {
        Delivered = checked(Delivered + minorUnits);
        DeliveryCount++;
    }

    public void AddAll(FlowCounter other)
    {
        Delivered = checked(Delivered + other.Delivered);
        DeliveryCount += other.DeliveryCount;
        Disbursed = checked(Disbursed + other.Disbursed);
        Reversed = checked(Reversed + other.Reversed);
        DisbursementCount += other.DisbursementCount;
        ReversalCount += other.ReversalCount;
    }

    public DisbursementFlows ToFlows() =>
        new(Money(Disbursed), Money(Reversed), Money(checked(Disbursed - Reversed)), DisbursementCount, ReversalCount, Money(Delivered), DeliveryCount);

    public Money Money(long minorUnits) => new(Currency, minorUnits);
}
