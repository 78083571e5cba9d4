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
}
