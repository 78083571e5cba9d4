using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Budgets;

/// <summary>The names of a scheduled review's state as views and reports show it.</summary>
public static class BenchmarkReviewStates
{
    /// <summary>Scheduled, its window not yet opened in the log.</summary>
    public const string Due = "due";

    /// <summary>Opened, not yet closed (its window runs, or its verifications are contested).</summary>
    public const string Open = "open";

    /// <summary>The state of review <paramref name="window"/> of <paramref name="benchmark"/>: due, open, passed, failed or missed.</summary>
    public static string Of(Benchmark benchmark, ReviewWindow window)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        ArgumentNullException.ThrowIfNull(window);
        return benchmark.Reviews.TryGetValue(window.Number, out BenchmarkReview? review)
            ? review.Closed is { } closed ? ReviewOutcomes.NameOf(closed.Outcome) : Open
            : Due;
    }
}
