namespace OversightLedger.Grains.Licences;

/// <summary>
/// One payment to judge: its budget and the budget's country, its purpose, and the counterparty it names with its kind and
/// the list source its latest screening's hit is on (null when no hit).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Licences.LicenceCheck")]
public sealed record LicenceCheck(
    [property: Id(0)] string Budget,
    [property: Id(1)] string Country,
    [property: Id(2)] string Sector,
    [property: Id(3)] string? Counterparty,
    [property: Id(4)] string? CounterpartyKind,
    [property: Id(5)] string? HitList = null);
