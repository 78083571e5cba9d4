namespace OversightLedger.Grains.Vetting;

/// <summary>A vetting body's decision on a list: the rows approved and the rows refused, every row of the list in one of them.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Vetting.VetPaymentListCommand")]
public sealed record VetPaymentListCommand(
    [property: Id(0)] string Program,
    [property: Id(1)] string List,
    [property: Id(2)] string[] Approved,
    [property: Id(3)] RowRefusal[] Refused);
