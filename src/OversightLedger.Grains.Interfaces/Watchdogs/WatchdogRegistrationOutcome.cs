namespace OversightLedger.Grains.Watchdogs;

/// <summary>What a watchdog registration did, decided inside the watchdog grain's turn.</summary>
[GenerateSerializer]
[Alias("OversightLedger.Grains.Watchdogs.WatchdogRegistrationOutcome")]
public enum WatchdogRegistrationOutcome
{
    /// <summary>A new watchdog, owned by the calling key; its witness name is reserved for that key.</summary>
    Created = 0,

    /// <summary>The owner (or an admin) changed its name or scope; the owner stays.</summary>
    Updated = 1,

    /// <summary>Refused, nothing changed: another key owns the watchdog.</summary>
    Forbidden = 2,

    /// <summary>Refused, nothing changed: another principal holds the witness name the watchdog would reserve.</summary>
    WitnessNameTaken = 3,
}
