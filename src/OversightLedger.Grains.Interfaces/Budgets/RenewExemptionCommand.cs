namespace OversightLedger.Grains.Budgets;

/// <summary>Renews an exemption with a later sunset (a logged act of the budget owner).</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.RenewExemptionCommand")]
public sealed record RenewExemptionCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Exemption,
    [property: Id(2)] DateTimeOffset Sunset);
