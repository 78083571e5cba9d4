namespace OversightLedger.Grains.Budgets;

/// <summary>Lists a program as eligible to draw on the budget (the ring-fence).</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.ListProgramCommand")]
public sealed record ListProgramCommand([property: Id(0)] string EntryId, [property: Id(1)] string Program);
