namespace OversightLedger.Grains.Vetting;

/// <summary>One row of a list submitted for vetting, kept in private grain storage: the disbursement it becomes (with the beneficiary's pseudonym) and the agency's reference the vetting body checks.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Vetting.VettingRow")]
public sealed record VettingRow(
    [property: Id(0)] OversightLedger.Grains.Programs.DisburseCommand Command,
    [property: Id(1)] string Reference);
