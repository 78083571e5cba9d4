namespace OversightLedger.Grains.Watchdogs;

/// <summary>The outcome of a watchdog registration, with the watchdog as it now stands (null when refused) and why it was refused.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Watchdogs.WatchdogRegistration")]
public sealed record WatchdogRegistration(
    [property: Id(0)] WatchdogRegistrationOutcome Outcome,
    [property: Id(1)] WatchdogView? View,
    [property: Id(2)] string? Message)
{
    /// <summary>Whether the registration was made (created or updated).</summary>
    public bool IsAccepted => Outcome is WatchdogRegistrationOutcome.Created or WatchdogRegistrationOutcome.Updated;
}
