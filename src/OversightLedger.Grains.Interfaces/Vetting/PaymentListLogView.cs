namespace OversightLedger.Grains.Vetting;

/// <summary>A vetted list as the public log tells it: status (waiting, vetted, expired), commitment, and the vetting.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Vetting.PaymentListLogView")]
public sealed record PaymentListLogView(
    [property: Id(0)] string Program,
    [property: Id(1)] string List,
    [property: Id(2)] string Budget,
    [property: Id(3)] string Agency,
    [property: Id(4)] string Status,
    [property: Id(5)] string Sha256,
    [property: Id(6)] int Rows,
    [property: Id(7)] string Currency,
    [property: Id(8)] string Total,
    [property: Id(9)] DateTimeOffset SubmittedAt,
    [property: Id(10)] DateTimeOffset ExpiresAt,
    [property: Id(11)] string? Vetter,
    [property: Id(12)] string[] Approved,
    [property: Id(13)] RowRefusal[] Refused);
