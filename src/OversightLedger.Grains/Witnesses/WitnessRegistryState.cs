namespace OversightLedger.Grains.Witnesses;

/// <summary>The persisted witness records, by name.</summary>
[GenerateSerializer]
[Alias("OversightLedger.Grains.Witnesses.WitnessRegistryState")]
public sealed class WitnessRegistryState
{
    /// <summary>Witness records by witness name.</summary>
    [Id(0)]
    public Dictionary<string, WitnessRecord> WitnessesByName { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Witness names reserved by watchdog registrations, with the principal they are reserved for.</summary>
    [Id(1)]
    public Dictionary<string, string> ReservedNames { get; set; } = new(StringComparer.Ordinal);
}
