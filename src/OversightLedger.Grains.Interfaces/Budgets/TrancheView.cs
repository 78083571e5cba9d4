namespace OversightLedger.Grains.Budgets;

/// <summary>A tranche as the API shows it; amounts are decimal strings in the budget's currency.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.TrancheView")]
public sealed record TrancheView(
    [property: Id(0)] string Tranche,
    [property: Id(1)] string Amount,
    [property: Id(2)] bool Humanitarian,
    [property: Id(3)] string[] Benchmarks,
    [property: Id(4)] string[] VerifiedBenchmarks,
    [property: Id(5)] bool IsReleased,
    [property: Id(6)] string Released,
    [property: Id(7)] string Reserved,
    [property: Id(8)] string Disbursed,
    [property: Id(9)] string Available,
    [property: Id(10)] BenchmarkView[] BenchmarkDetails);
