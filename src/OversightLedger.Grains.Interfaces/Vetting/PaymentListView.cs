namespace OversightLedger.Grains.Vetting;

/// <summary>A vetted payment list's status and, once vetted and paid, every row's result.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Vetting.PaymentListView")]
public sealed record PaymentListView(
    [property: Id(0)] string Program,
    [property: Id(1)] string List,
    [property: Id(2)] string Budget,
    [property: Id(3)] string Status,
    [property: Id(4)] string Sha256,
    [property: Id(5)] int Rows,
    [property: Id(6)] string Currency,
    [property: Id(7)] string Total,
    [property: Id(8)] DateTimeOffset? ExpiresAt,
    [property: Id(9)] string? Vetter,
    [property: Id(10)] PaymentListRowResult[] Results);
