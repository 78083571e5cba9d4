namespace OversightLedger.Grains.Vetting;

/// <summary>A list the hourly pass recorded as expired (its <c>PaymentListExpired</c> at <see cref="LeafIndex"/>).</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Vetting.PaymentListExpiryOutcome")]
public sealed record PaymentListExpiryOutcome(
    [property: Id(0)] string Budget,
    [property: Id(1)] string Program,
    [property: Id(2)] string List,
    [property: Id(3)] ulong? LeafIndex);
