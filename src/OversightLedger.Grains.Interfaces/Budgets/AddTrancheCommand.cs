namespace OversightLedger.Grains.Budgets;

/// <summary>Adds a tranche and the benchmarks that must be independently verified before it is released.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.AddTrancheCommand")]
public sealed record AddTrancheCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Tranche,
    [property: Id(2)] string Amount,
    [property: Id(3)] bool Humanitarian,
    [property: Id(4)] string[] Benchmarks);
