namespace OversightLedger.Grains.Watchdogs;

/// <summary>The persisted registration of a watchdog: its owner key principal and what it oversees (no key of any kind).</summary>
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

    /// <summary>
    /// Legacy, always empty once the grain has activated: the private witness key earlier versions generated and stored
    /// here. Kept so that a stored one can be read, wiped and its witness retired (see <c>WatchdogGrain.OnActivateAsync</c>).
    /// </summary>
    [Id(4)]
    public string WitnessSignerKey { get; set; } = string.Empty;

    /// <summary>Legacy, always empty once the grain has activated: the verifier key of that witness, to retire it.</summary>
    [Id(5)]
    public string WitnessVerifierKey { get; set; } = string.Empty;

    /// <summary>Legacy, always empty once the grain has activated: the last checkpoint that witness cosigned.</summary>
    [Id(6)]
    public string WitnessState { get; set; } = string.Empty;
}
