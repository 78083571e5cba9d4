namespace OversightLedger.Grains.Budgets;

/// <summary>An exemption as the API shows it: its scope, sunset, and whether it is in force now.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.ExemptionView")]
public sealed record ExemptionView(
    [property: Id(0)] string Exemption,
    [property: Id(1)] string[] Sectors,
    [property: Id(2)] string[] Modalities,
    [property: Id(3)] string MaxAmount,
    [property: Id(4)] DateTimeOffset Sunset,
    [property: Id(5)] bool InForce,
    [property: Id(6)] bool RecordedExpired);
