namespace OversightLedger.Grains.Budgets;

/// <summary>Freezes (snap-back) or unfreezes a budget's non-exempt tranches.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.FreezeCommand")]
public sealed record FreezeCommand([property: Id(0)] string EntryId, [property: Id(1)] string Reason, [property: Id(2)] string? Finding);
