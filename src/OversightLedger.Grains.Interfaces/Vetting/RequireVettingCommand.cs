namespace OversightLedger.Grains.Vetting;

/// <summary>The owner's term that payment lists above <see cref="Threshold"/> (a decimal string; zero: all) are vetted, waiting at most <see cref="MaxWaitDays"/>.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Vetting.RequireVettingCommand")]
public sealed record RequireVettingCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string Threshold,
    [property: Id(2)] int MaxWaitDays);
