namespace OversightLedger.Grains.Vetting;

/// <summary>An agency's list for vetting: every row on <see cref="Budget"/>, and the SHA-256 of the bytes it sent.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Vetting.SubmitPaymentListCommand")]
public sealed record SubmitPaymentListCommand(
    [property: Id(0)] string Budget,
    [property: Id(1)] string Sha256,
    [property: Id(2)] VettingRow[] Rows);
