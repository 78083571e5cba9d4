namespace OversightLedger.Grains.Budgets;

/// <summary>A verifier registered with a budget and its group.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.VerifierView")]
public sealed record VerifierView(
    [property: Id(0)] string Verifier,
    [property: Id(1)] string Group);
