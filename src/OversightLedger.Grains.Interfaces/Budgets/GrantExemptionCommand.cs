using OversightLedger.Domain.Money;

namespace OversightLedger.Grains.Budgets;

/// <summary>Grants a humanitarian exemption with a precise scope and a sunset.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.GrantExemptionCommand")]
public sealed record GrantExemptionCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Exemption,
    [property: Id(2)] string[] Sectors,
    [property: Id(3)] string[] Modalities,
    [property: Id(6)] DecimalAmount MaxAmount,
    [property: Id(5)] DateTimeOffset Sunset);
