namespace OversightLedger.Grains.Budgets;

/// <summary>
/// A budget as the API shows it; amounts are decimal strings in its currency. The consequence ladder (null when its terms
/// hold none), the steps applied, and the tranches paused or frozen by steps in force close it.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.BudgetView")]
public sealed record BudgetView(
    [property: Id(0)] string Budget,
    [property: Id(1)] string Owner,
    [property: Id(2)] string Donor,
    [property: Id(3)] string Purpose,
    [property: Id(4)] string Country,
    [property: Id(5)] string Currency,
    [property: Id(6)] string Pledged,
    [property: Id(7)] string Received,
    [property: Id(8)] string Released,
    [property: Id(9)] string Reserved,
    [property: Id(10)] string Disbursed,
    [property: Id(11)] string Available,
    [property: Id(12)] bool Frozen,
    [property: Id(13)] string[] EligiblePrograms,
    [property: Id(14)] TrancheView[] Tranches,
    [property: Id(15)] ExemptionView[] Exemptions,
    [property: Id(16)] VerifierView[] Verifiers,
    [property: Id(40)] ConsequenceStepView[]? ConsequenceLadder = null,
    [property: Id(41)] ConsequenceView[]? Consequences = null,
    [property: Id(42)] string[]? PausedTranches = null,
    [property: Id(43)] string[]? FrozenTranches = null);
