namespace OversightLedger.Grains.Licences;

/// <summary>Whether a payment may be made under the licence rule; the licence it falls under, or why it is refused (<c>unlicensed</c>).</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Licences.LicenceCheckOutcome")]
public sealed record LicenceCheckOutcome(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] string? Licence,
    [property: Id(2)] string? RejectionCode,
    [property: Id(3)] string? Message);
