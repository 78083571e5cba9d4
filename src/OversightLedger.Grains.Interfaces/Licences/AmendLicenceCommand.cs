namespace OversightLedger.Grains.Licences;

/// <summary>An amendment: each non-null field replaces the licence's value from now on.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Licences.AmendLicenceCommand")]
public sealed record AmendLicenceCommand(
    [property: Id(0)] string Amendment,
    [property: Id(1)] string Reference,
    [property: Id(2)] DateTimeOffset? Expires,
    [property: Id(3)] string[]? Countries,
    [property: Id(4)] string[]? Sectors,
    [property: Id(5)] string[]? CounterpartyKinds,
    [property: Id(6)] string[]? ExcludedCounterparties,
    [property: Id(7)] string[]? ExcludedLists = null);
