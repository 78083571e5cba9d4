namespace OversightLedger.Grains.Licences;

/// <summary>
/// A licence as the API shows it, as amended: <see cref="Status"/> is <c>in-force</c>, <c>not-yet-in-force</c> or
/// <c>expired</c> at the time asked; <see cref="ExpiryLogged"/> whether the daily job recorded its current expiry.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Licences.LicenceView")]
public sealed record LicenceView(
    [property: Id(0)] string Licence,
    [property: Id(1)] string Authority,
    [property: Id(2)] string Reference,
    [property: Id(3)] string[] Countries,
    [property: Id(4)] string[] Sectors,
    [property: Id(5)] string[] CounterpartyKinds,
    [property: Id(6)] string[] ExcludedCounterparties,
    [property: Id(7)] DateTimeOffset Issued,
    [property: Id(8)] DateTimeOffset Expires,
    [property: Id(9)] string Status,
    [property: Id(10)] string[] Budgets,
    [property: Id(11)] string[] Amendments,
    [property: Id(12)] bool ExpiryLogged,
    [property: Id(13)] string[] ExcludedLists);
