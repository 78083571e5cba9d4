namespace OversightLedger.Grains.Budgets;

/// <summary>
/// A benchmark's indicator, target and verification rule as a tranche request gives it: numbers are decimal strings
/// (0 to 10^12, at most six decimals), the direction <c>at-least</c> or <c>at-most</c> by name; optionally a review
/// cadence (<c>monthly</c> or <c>quarterly</c>, by name) with its horizon as a number of reviews or an end date.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.BenchmarkDefinition")]
public sealed record BenchmarkDefinition(
    [property: Id(0)] string Benchmark,
    [property: Id(1)] string Indicator,
    [property: Id(2)] string Unit,
    [property: Id(3)] string Baseline,
    [property: Id(4)] string Target,
    [property: Id(5)] string Direction,
    [property: Id(6)] DateOnly DueOn,
    [property: Id(7)] int RequiredVerifications,
    [property: Id(8)] int RequiredGroups,
    [property: Id(9)] string? ReviewCadence = null,
    [property: Id(10)] int? ReviewCount = null,
    [property: Id(11)] DateOnly? ReviewsUntil = null);
