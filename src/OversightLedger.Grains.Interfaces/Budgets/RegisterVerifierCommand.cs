namespace OversightLedger.Grains.Budgets;

/// <summary>Registers a verifier (a key principal) of the budget's defined benchmarks in a group; by the budget's owner.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.RegisterVerifierCommand")]
public sealed record RegisterVerifierCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Verifier,
    [property: Id(2)] string Group);
