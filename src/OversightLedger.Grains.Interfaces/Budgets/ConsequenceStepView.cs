namespace OversightLedger.Grains.Budgets;

/// <summary>One step of a budget's consequence ladder: the <see cref="FailedReviews"/>-th failed or missed review applies <see cref="Action"/>.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.ConsequenceStepView")]
public sealed record ConsequenceStepView(
    [property: Id(0)] int Step,
    [property: Id(1)] int FailedReviews,
    [property: Id(2)] string Action);
