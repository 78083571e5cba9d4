namespace OversightLedger.Reporting.Model;

/// <summary>A defined benchmark (issue 15) as it stood at the end of the quarter: its indicator, target, rule and status.</summary>
/// <param name="Benchmark">The benchmark id.</param>
/// <param name="DefinedOn">The day its <c>BenchmarkDefined</c> entry was recorded (the baseline's date).</param>
/// <param name="Indicator">What is measured.</param>
/// <param name="Unit">The unit of the values.</param>
/// <param name="Baseline">The value when the benchmark was set.</param>
/// <param name="Target">The value to reach.</param>
/// <param name="Direction"><c>at-least</c> or <c>at-most</c>.</param>
/// <param name="DueOn">The due date.</param>
/// <param name="RequiredVerifications">How many verifiers' values must count.</param>
/// <param name="RequiredGroups">From how many distinct verifier groups.</param>
/// <param name="Status"><c>pending</c>, <c>met</c>, <c>not-met</c> or <c>contested</c>.</param>
/// <param name="DecidedBy">The owner whose decision sets the status, or null.</param>
/// <param name="Values">The counted values: each verifier's latest, ordered by verifier.</param>
public sealed record BenchmarkIndicatorReport(
    string Benchmark,
    DateOnly DefinedOn,
    string Indicator,
    string Unit,
    decimal Baseline,
    decimal Target,
    string Direction,
    DateOnly DueOn,
    int RequiredVerifications,
    int RequiredGroups,
    string Status,
    string? DecidedBy,
    IReadOnlyList<BenchmarkValueReport> Values);
