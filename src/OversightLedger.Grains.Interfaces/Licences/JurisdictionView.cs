namespace OversightLedger.Grains.Licences;

/// <summary>A sanctioned jurisdiction: the country, the legal basis, since when and who declared it.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Licences.JurisdictionView")]
public sealed record JurisdictionView(
    [property: Id(0)] string Country,
    [property: Id(1)] string Reference,
    [property: Id(2)] DateTimeOffset Since,
    [property: Id(3)] string By);
