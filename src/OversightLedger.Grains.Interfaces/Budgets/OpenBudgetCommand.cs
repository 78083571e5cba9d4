namespace OversightLedger.Grains.Budgets;

/// <summary>Opens a ring-fenced budget owned by the acting donor.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.OpenBudgetCommand")]
public sealed record OpenBudgetCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Donor,
    [property: Id(2)] string Purpose,
    [property: Id(3)] string Country,
    [property: Id(4)] string Currency,
    [property: Id(5)] string Pledged,
    [property: Id(6)] string[] SnapBackClasses);
