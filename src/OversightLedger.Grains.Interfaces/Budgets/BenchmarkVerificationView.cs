namespace OversightLedger.Grains.Budgets;

/// <summary>
/// One verification of a benchmark: by whom (a key principal), in which group, the value, evidence and date; whether it
/// counts (its verifier's latest) and whether its value meets the target.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.BenchmarkVerificationView")]
public sealed record BenchmarkVerificationView(
    [property: Id(0)] string Verifier,
    [property: Id(1)] string? Group,
    [property: Id(2)] string? Value,
    [property: Id(3)] string EvidenceSha256,
    [property: Id(4)] DateOnly VerifiedOn,
    [property: Id(5)] DateTimeOffset RecordedAt,
    [property: Id(6)] bool Counted,
    [property: Id(7)] bool MeetsTarget);
