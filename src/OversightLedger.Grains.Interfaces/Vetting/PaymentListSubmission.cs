using OversightLedger.Domain.Money;

namespace OversightLedger.Grains.Vetting;

/// <summary>What the budget logs of a submitted list: never its rows.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Vetting.PaymentListSubmission")]
public sealed record PaymentListSubmission(
    [property: Id(0)] string Program,
    [property: Id(1)] string Agency,
    [property: Id(2)] string List,
    [property: Id(3)] string Sha256,
    [property: Id(4)] int Rows,
    [property: Id(6)] DecimalAmount Total);
