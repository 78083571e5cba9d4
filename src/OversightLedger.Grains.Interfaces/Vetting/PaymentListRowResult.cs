namespace OversightLedger.Grains.Vetting;

/// <summary>One row's result: <c>accepted</c> (paid, with its leaf), <c>rejected</c> (a ledger rule refused it at payment), <c>refused</c> (by the vetting body; the code is its reason), <c>expired</c>, or <c>waiting</c>.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Vetting.PaymentListRowResult")]
public sealed record PaymentListRowResult(
    [property: Id(0)] int Row,
    [property: Id(1)] string Id,
    [property: Id(2)] string Status,
    [property: Id(3)] ulong? LeafIndex,
    [property: Id(4)] string? Code,
    [property: Id(5)] string? Message,
    [property: Id(6)] string? EntryId);
