namespace OversightLedger.Grains.Budgets;

/// <summary>
/// A step of the consequence ladder as applied: the tranches it holds, the failed or missed review it answers (its
/// <c>ReviewClosed</c> entry id), whether it is still in force, and the owner's lift when it is not.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.ConsequenceView")]
public sealed record ConsequenceView(
    [property: Id(0)] int Step,
    [property: Id(1)] string Action,
    [property: Id(2)] string[] Tranches,
    [property: Id(3)] string Review,
    [property: Id(4)] DateTimeOffset AppliedAt,
    [property: Id(5)] string EntryId,
    [property: Id(6)] bool InForce,
    [property: Id(7)] DateTimeOffset? LiftedAt,
    [property: Id(8)] string? LiftReason,
    [property: Id(9)] string? LiftReview);
