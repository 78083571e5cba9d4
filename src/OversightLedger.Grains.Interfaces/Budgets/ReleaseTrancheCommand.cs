using OversightLedger.Domain.Money;

namespace OversightLedger.Grains.Budgets;

/// <summary>Releases a tranche whose benchmarks are all verified.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.ReleaseTrancheCommand")]
public sealed record ReleaseTrancheCommand([property: Id(0)] string EntryId, [property: Id(1)] string Tranche, [property: Id(3)] DecimalAmount Amount);
