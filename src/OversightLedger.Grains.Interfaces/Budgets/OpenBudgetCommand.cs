using OversightLedger.Domain.Money;

namespace OversightLedger.Grains.Budgets;

/// <summary>
/// Opens a ring-fenced budget owned by the acting donor; <see cref="ConsequenceLadder"/> holds the ladder's steps as the
/// log writes them (<c>"1:pause-next-tranche"</c>), null for none.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.OpenBudgetCommand")]
public sealed record OpenBudgetCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Donor,
    [property: Id(2)] string Purpose,
    [property: Id(3)] string Country,
    [property: Id(4)] string Currency,
    [property: Id(7)] DecimalAmount Pledged,
    [property: Id(6)] string[] SnapBackClasses,
    [property: Id(40)] string[]? ConsequenceLadder = null);
