namespace OversightLedger.Grains.Licences;

/// <summary>One payment to judge: its budget and the budget's country, its purpose, and the counterparty it names with its kind.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Licences.LicenceCheck")]
public sealed record LicenceCheck(
    [property: Id(0)] string Budget,
    [property: Id(1)] string Country,
    [property: Id(2)] string Sector,
    [property: Id(3)] string? Counterparty,
    [property: Id(4)] string? CounterpartyKind);
