namespace OversightLedger.Grains.Programs;

/// <summary>Enrols a beneficiary, known to the grain only by its keyed pseudonym.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Programs.EnrollCommand")]
public sealed record EnrollCommand([property: Id(0)] string EntryId, [property: Id(1)] string Beneficiary);
