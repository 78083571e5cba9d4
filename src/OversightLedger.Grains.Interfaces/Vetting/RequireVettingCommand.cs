using OversightLedger.Domain.Money;

namespace OversightLedger.Grains.Vetting;

/// <summary>The owner's term that payment lists above <see cref="Threshold"/> (in the budget's currency; zero: all) are vetted, waiting at most <see cref="MaxWaitDays"/>.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Vetting.RequireVettingCommand")]
public sealed record RequireVettingCommand(
    [property: Id(0)] string EntryId,
    [property: Id(3)] DecimalAmount Threshold,
    [property: Id(2)] int MaxWaitDays);
