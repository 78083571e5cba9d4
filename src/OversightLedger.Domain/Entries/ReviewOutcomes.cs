using System.Diagnostics.CodeAnalysis;

namespace OversightLedger.Domain.Entries;

/// <summary>The names of <see cref="ReviewOutcome"/>; names only, never numbers.</summary>
public static class ReviewOutcomes
{
    /// <summary><c>passed</c>.</summary>
    public const string Passed = "passed";

    /// <summary><c>failed</c>.</summary>
    public const string Failed = "failed";

    /// <summary><c>missed</c>.</summary>
    public const string Missed = "missed";

    /// <summary>The name of an outcome.</summary>
    public static string NameOf(ReviewOutcome outcome) => outcome switch
    {
        ReviewOutcome.Passed => Passed,
        ReviewOutcome.Failed => Failed,
        ReviewOutcome.Missed => Missed,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not a review outcome"),
    };

    /// <summary>The outcome of a name; false for anything else.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out ReviewOutcome? outcome)
    {
        outcome = name switch
        {
            Passed => ReviewOutcome.Passed,
            Failed => ReviewOutcome.Failed,
            Missed => ReviewOutcome.Missed,
            _ => null,
        };
        return outcome is not null;
    }
}
