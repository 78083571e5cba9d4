namespace OversightLedger.Grains.Witnesses;

/// <summary>
/// The outcome of a registration and the record as it now stands (the other witness's record when refused; null when the
/// name is refused because a watchdog of another principal reserved it and no key is registered under it).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Witnesses.WitnessRegistration")]
public sealed record WitnessRegistration(
    [property: Id(0)] WitnessRegistrationOutcome Outcome,
    [property: Id(1)] WitnessRecord? Record)
{
    /// <summary>Whether the witness is now registered as asked.</summary>
    public bool IsAccepted => Outcome is WitnessRegistrationOutcome.Registered or WitnessRegistrationOutcome.Unchanged or WitnessRegistrationOutcome.KeyReplaced;
}
