namespace OversightLedger.Grains.Budgets;

/// <summary>
/// A watchdog's finding was confirmed: freeze the budget's non-exempt tranches if the finding's class is one the
/// budget's terms name for snap-back (DESIGN §5.4).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.SnapBackCommand")]
public sealed record SnapBackCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Finding,
    [property: Id(2)] string FindingClass,
    [property: Id(3)] string Watchdog);
