namespace OversightLedger.Grains.Watchdogs;

/// <summary>The persisted registration of a watchdog: its owner key principal and what it oversees.</summary>
[GenerateSerializer]
[Alias("OversightLedger.Grains.Watchdogs.WatchdogRegistrationState")]
public sealed class WatchdogRegistrationState
{
    /// <summary>The display name.</summary>
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    /// <summary>The principal of the watchdog key that owns it (empty until registered).</summary>
    [Id(1)]
    public string Owner { get; set; } = string.Empty;

    /// <summary>The budgets it oversees.</summary>
    [Id(2)]
    public List<string> Budgets { get; set; } = [];

    /// <summary>The programs it oversees.</summary>
    [Id(3)]
    public List<string> Programs { get; set; } = [];

    /// <summary>The watchdog's Ed25519 witness key (a signer key string); empty until registered.</summary>
    [Id(4)]
    public string WitnessSignerKey { get; set; } = string.Empty;

    /// <summary>The witness's verifier key (cosignature/v1, type 0x04), as registered in the witness registry.</summary>
    [Id(5)]
    public string WitnessVerifierKey { get; set; } = string.Empty;

    /// <summary>The last checkpoint it cosigned (<c>WitnessState.Format</c>), or empty before its first cosignature.</summary>
    [Id(6)]
    public string WitnessState { get; set; } = string.Empty;
}
