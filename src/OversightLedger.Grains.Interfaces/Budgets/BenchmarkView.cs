namespace OversightLedger.Grains.Budgets;

/// <summary>
/// A benchmark as the API shows it: its status (<c>pending</c>, <c>met</c>, <c>not-met</c>, <c>contested</c>), its
/// definition (all null for a bare benchmark), every verification, the owner's decision in force, and — for a benchmark
/// that requires sustained compliance — its review cadence, number of reviews and every scheduled review's state.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.BenchmarkView")]
public sealed record BenchmarkView(
    [property: Id(0)] string Benchmark,
    [property: Id(1)] string Status,
    [property: Id(2)] string? Indicator,
    [property: Id(3)] string? Unit,
    [property: Id(4)] string? Baseline,
    [property: Id(5)] string? Target,
    [property: Id(6)] string? Direction,
    [property: Id(7)] DateOnly? DueOn,
    [property: Id(8)] int? RequiredVerifications,
    [property: Id(9)] int? RequiredGroups,
    [property: Id(10)] BenchmarkVerificationView[] Verifications,
    [property: Id(11)] BenchmarkDecisionView? Decision,
    [property: Id(12)] string? ReviewCadence = null,
    [property: Id(13)] int? ReviewCount = null,
    [property: Id(14)] BenchmarkReviewView[]? Reviews = null);
