using OversightLedger.Domain.Budgets;

namespace OversightLedger.Grains.Budgets;

/// <summary>Maps the domain budget to its wire view.</summary>
internal static class BudgetViews
{
    public static BudgetView From(ReliefBudget budget, DateTimeOffset now) => new(
        budget.BudgetId,
        budget.Owner,
        budget.Terms!.Donor,
        budget.Terms.Purpose,
        budget.Terms.Country,
        budget.Currency.Code,
        budget.Pledged.ToDecimalString(),
        budget.Received.ToDecimalString(),
        budget.Released.ToDecimalString(),
        budget.Reserved.ToDecimalString(),
        budget.Disbursed.ToDecimalString(),
        budget.Available.ToDecimalString(),
        budget.IsFrozen,
        [.. budget.EligiblePrograms.Order(StringComparer.Ordinal)],
        [.. budget.Tranches.Select(From)],
        [.. budget.Exemptions.Select(e => From(e, now))]);

    private static ExemptionView From(Exemption exemption, DateTimeOffset now) => new(
        exemption.Id,
        [.. exemption.Sectors],
        [.. exemption.Modalities],
        exemption.MaxAmount.ToDecimalString(),
        exemption.Sunset,
        exemption.IsInForceAt(now) && !exemption.IsRecordedExpired,
        exemption.IsRecordedExpired);

    private static TrancheView From(Tranche tranche) => new(
        tranche.Id,
        tranche.Amount.ToDecimalString(),
        tranche.IsHumanitarian,
        [.. tranche.Benchmarks],
        [.. tranche.Verifications.Keys.Order(StringComparer.Ordinal)],
        tranche.IsReleased,
        tranche.Released.ToDecimalString(),
        tranche.Reserved.ToDecimalString(),
        tranche.Disbursed.ToDecimalString(),
        tranche.Available.ToDecimalString());
}
