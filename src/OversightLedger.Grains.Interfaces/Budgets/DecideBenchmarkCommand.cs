namespace OversightLedger.Grains.Budgets;

/// <summary>
/// The owner settles a contested benchmark: <see cref="Outcome"/> is <c>met</c> or <c>not-met</c> by name. A null
/// <see cref="EntryId"/> lets the grain derive one from the benchmark and the number of its verifications, so a retry
/// of the same decision is idempotent and a decision after new evidence is a new entry.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.DecideBenchmarkCommand")]
public sealed record DecideBenchmarkCommand(
    [property: Id(0)] string? EntryId,
    [property: Id(1)] string Tranche,
    [property: Id(2)] string Benchmark,
    [property: Id(3)] string Outcome,
    [property: Id(4)] string Reason);
