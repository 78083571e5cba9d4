using OversightLedger.Domain.Money;

namespace OversightLedger.Grains.Budgets;

/// <summary>Records money received into a budget.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.ReceiveFundsCommand")]
public sealed record ReceiveFundsCommand([property: Id(0)] string EntryId, [property: Id(3)] DecimalAmount Amount, [property: Id(2)] string Reference);
