namespace OversightLedger.Grains.Licences;

/// <summary>
/// What the daily expiry pass did to one licence: <see cref="Expired"/> when it logged <c>LicenceExpired</c> now (at
/// <see cref="LeafIndex"/>), <see cref="NearingExpiry"/> when the expiry falls within the warning window.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Licences.LicenceExpiryOutcome")]
public sealed record LicenceExpiryOutcome(
    [property: Id(0)] string Licence,
    [property: Id(1)] DateTimeOffset Expires,
    [property: Id(2)] bool Expired,
    [property: Id(3)] bool NearingExpiry,
    [property: Id(4)] ulong? LeafIndex);
