namespace OversightLedger.Grains.Witnesses;

/// <summary>The outcome of a registration and the record as it now stands (the other owner's record when refused).</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Witnesses.WitnessRegistration")]
public sealed record WitnessRegistration(
    [property: Id(0)] WitnessRegistrationOutcome Outcome,
    [property: Id(1)] WitnessRecord Record)
{
    /// <summary>Whether the witness is now registered as asked.</summary>
    public bool IsAccepted => Outcome is WitnessRegistrationOutcome.Registered or WitnessRegistrationOutcome.Unchanged or WitnessRegistrationOutcome.KeyReplaced;
}
