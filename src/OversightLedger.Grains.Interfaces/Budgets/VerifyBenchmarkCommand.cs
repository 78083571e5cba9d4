namespace OversightLedger.Grains.Budgets;

/// <summary>Records an independent verification of a tranche's benchmark (the verifier is the acting principal); <see cref="Value"/> is the measured value as a decimal string, required for a defined benchmark.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.VerifyBenchmarkCommand")]
public sealed record VerifyBenchmarkCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Tranche,
    [property: Id(2)] string Benchmark,
    [property: Id(3)] string EvidenceSha256,
    [property: Id(4)] DateOnly VerifiedOn,
    [property: Id(5)] string? Value = null);
