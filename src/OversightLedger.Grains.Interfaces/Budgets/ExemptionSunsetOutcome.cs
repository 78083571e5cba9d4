namespace OversightLedger.Grains.Budgets;

/// <summary>
/// What the daily sunset pass did to one exemption: <see cref="Expired"/> when it logged an <c>ExemptionExpired</c>
/// entry now (at <see cref="LeafIndex"/>), <see cref="NearingSunset"/> when the sunset falls within the warning window.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.ExemptionSunsetOutcome")]
public sealed record ExemptionSunsetOutcome(
    [property: Id(0)] string Budget,
    [property: Id(1)] string Exemption,
    [property: Id(2)] DateTimeOffset Sunset,
    [property: Id(3)] bool Expired,
    [property: Id(4)] bool NearingSunset,
    [property: Id(5)] ulong? LeafIndex);
