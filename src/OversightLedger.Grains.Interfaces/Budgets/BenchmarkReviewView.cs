namespace OversightLedger.Grains.Budgets;

/// <summary>
/// One scheduled review of a benchmark as the API shows it: its number, window (both days inclusive) and state —
/// <c>due</c> (not yet opened), <c>open</c>, <c>passed</c>, <c>failed</c> or <c>missed</c>.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.BenchmarkReviewView")]
public sealed record BenchmarkReviewView(
    [property: Id(0)] int Review,
    [property: Id(1)] DateOnly OpensOn,
    [property: Id(2)] DateOnly ClosesOn,
    [property: Id(3)] string State);
