namespace OversightLedger.Grains.Witnesses;

/// <summary>The key of the single witness-registry grain.</summary>
public static class WitnessRegistry
{
    /// <summary>The registry's grain key.</summary>
    public const string Key = "main";
}
