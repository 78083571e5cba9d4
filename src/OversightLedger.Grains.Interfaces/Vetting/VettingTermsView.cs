namespace OversightLedger.Grains.Vetting;

/// <summary>A budget's vetting term and its vetting bodies.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Vetting.VettingTermsView")]
public sealed record VettingTermsView(
    [property: Id(0)] string Budget,
    [property: Id(1)] string Currency,
    [property: Id(2)] string Threshold,
    [property: Id(3)] int MaxWaitDays,
    [property: Id(4)] string[] Vetters);
