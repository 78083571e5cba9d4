using OversightLedger.Domain.Money;

namespace OversightLedger.Grains.Budgets;

/// <summary>
/// Adds a tranche and the benchmarks that must be independently verified before it is released; <see cref="Definitions"/>
/// gives some of them an indicator, a target and a verification rule (each is logged as a <c>BenchmarkDefined</c>
/// right after the tranche, in the same command turn). A benchmark defined there need not be repeated in <see cref="Benchmarks"/>.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.AddTrancheCommand")]
public sealed record AddTrancheCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Tranche,
    [property: Id(6)] DecimalAmount Amount,
    [property: Id(3)] bool Humanitarian,
    [property: Id(4)] string[] Benchmarks,
    [property: Id(5)] BenchmarkDefinition[]? Definitions = null);
