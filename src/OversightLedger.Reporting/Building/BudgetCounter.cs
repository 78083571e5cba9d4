using OversightLedger.Domain.Money;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Building;

/// <summary>Running sums, in minor units of a budget's currency, of everything that moves a budget's balances.</summary>
internal sealed class BudgetCounter(Currency currency)
{
    public Currency Currency { get; } = currency;

    public long Received { get; private set; }

    public long Released { get; private set; }

    public FlowCounter Flows { get; } = new(currency);

    public void AddReceived(long minorUnits) => Received = checked(Received + minorUnits);

    public void AddReleased(long minorUnits) => Released = checked(Released + minorUnits);

    public void AddAll(BudgetCounter other)
    {
        AddReceived(other.Received);
        AddReleased(other.Released);
        Flows.AddAll(other.Flows);
    }

    public BudgetFlows ToFlows()
    {
        DisbursementFlows flows = Flows.ToFlows();
        return new BudgetFlows(
            new Money(Currency, Received), new Money(Currency, Released), flows.Disbursed, flows.Reversed, flows.NetDisbursed,
            flows.DisbursementCount, flows.ReversalCount, flows.Delivered, flows.DeliveryCount);
    }

    public BudgetBalances ToBalances()
    {
        DisbursementFlows flows = Flows.ToFlows();
        long available = checked(Released - flows.NetDisbursed.MinorUnits);
        return new BudgetBalances(
            new Money(Currency, Received), new Money(Currency, Released), flows.Disbursed, flows.Reversed, flows.NetDisbursed,
            new Money(Currency, available), flows.DisbursementCount, flows.ReversalCount, flows.Delivered, flows.DeliveryCount);
    }
}
