namespace OversightLedger.Grains.Budgets;

/// <summary>
/// The budget owner lifts an applied step of the consequence ladder, with a reason, relying on a passed review recorded
/// after the step: <see cref="Review"/> names its <c>ReviewClosed</c> entry id, or null for the latest such review.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.LiftConsequenceCommand")]
public sealed record LiftConsequenceCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] int Step,
    [property: Id(2)] string Reason,
    [property: Id(3)] string? Review);
