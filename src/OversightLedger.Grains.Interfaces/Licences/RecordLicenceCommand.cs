namespace OversightLedger.Grains.Licences;

/// <summary>A general licence to record; empty <see cref="Sectors"/> or <see cref="CounterpartyKinds"/> mean any.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Licences.RecordLicenceCommand")]
public sealed record RecordLicenceCommand(
    [property: Id(0)] string Licence,
    [property: Id(1)] string Authority,
    [property: Id(2)] string Reference,
    [property: Id(3)] string[] Countries,
    [property: Id(4)] string[] Sectors,
    [property: Id(5)] string[] CounterpartyKinds,
    [property: Id(6)] string[] ExcludedCounterparties,
    [property: Id(7)] DateTimeOffset Issued,
    [property: Id(8)] DateTimeOffset Expires,
    [property: Id(9)] string[]? ExcludedLists = null);
