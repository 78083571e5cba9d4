namespace OversightLedger.Grains.Budgets;

/// <summary>The owner's decision on a contested benchmark: <c>met</c> or <c>not-met</c>, the reason, by whom, when.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.BenchmarkDecisionView")]
public sealed record BenchmarkDecisionView(
    [property: Id(0)] string Outcome,
    [property: Id(1)] string Reason,
    [property: Id(2)] string DecidedBy,
    [property: Id(3)] DateTimeOffset DecidedAt);
