namespace OversightLedger.Grains.Ledger;

/// <summary>
/// How a <see cref="OversightLedger.Domain.Money.DecimalAmount"/> crosses a grain call or is stored: its digits as one
/// signed whole number and how many of them follow the point (the domain depends on nothing, Orleans included).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Ledger.DecimalAmountSurrogate")]
public readonly record struct DecimalAmountSurrogate([property: Id(0)] long Units, [property: Id(1)] int Decimals);
