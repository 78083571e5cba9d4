namespace OversightLedger.Grains.Witnesses;

/// <summary>A registered witness: its name, its cosignature/v1 verifier key, the principal that owns it and when it was (last) registered.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Witnesses.WitnessRecord")]
public sealed record WitnessRecord(
    [property: Id(0)] string Name,
    [property: Id(1)] string VerifierKey,
    [property: Id(2)] string Owner,
    [property: Id(3)] DateTimeOffset RegisteredAt);
