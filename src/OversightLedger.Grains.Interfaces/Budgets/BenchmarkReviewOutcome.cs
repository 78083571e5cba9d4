namespace OversightLedger.Grains.Budgets;

/// <summary>
/// What the daily review pass did to one scheduled review of a benchmark: <see cref="Action"/> is <c>opened</c> or
/// <c>closed</c> (an entry logged now, at <see cref="LeafIndex"/>; <see cref="Outcome"/> passed, failed or missed for a
/// closing), <c>contested</c> (its window has passed but its verifications disagree, so it stays open), or
/// <c>upcoming</c> (it opens within the warning window: its verifiers are warned).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.BenchmarkReviewOutcome")]
public sealed record BenchmarkReviewOutcome(
    [property: Id(0)] string Budget,
    [property: Id(1)] string Tranche,
    [property: Id(2)] string Benchmark,
    [property: Id(3)] int Review,
    [property: Id(4)] DateOnly OpensOn,
    [property: Id(5)] DateOnly ClosesOn,
    [property: Id(6)] string Action,
    [property: Id(7)] string? Outcome,
    [property: Id(8)] ulong? LeafIndex)
{
    /// <summary>An entry opened the review.</summary>
    public const string Opened = "opened";

    /// <summary>An entry closed the review.</summary>
    public const string Closed = "closed";

    /// <summary>The window passed but the verifications in it disagree; the review stays open.</summary>
    public const string Contested = "contested";

    /// <summary>The review opens within the warning window.</summary>
    public const string Upcoming = "upcoming";

    /// <summary>
    /// The failed or missed review stepped the budget's consequence ladder: a <c>ConsequenceApplied</c> entry logged now at
    /// <see cref="LeafIndex"/>; <see cref="Outcome"/> is the step's action.
    /// </summary>
    public const string ConsequenceApplied = "consequence-applied";
}
