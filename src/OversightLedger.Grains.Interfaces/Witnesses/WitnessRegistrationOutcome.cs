namespace OversightLedger.Grains.Witnesses;

/// <summary>What a registration did.</summary>
[GenerateSerializer]
[Alias("OversightLedger.Grains.Witnesses.WitnessRegistrationOutcome")]
public enum WitnessRegistrationOutcome
{
    /// <summary>A new witness was registered.</summary>
    Registered = 0,

    /// <summary>The witness was registered already with this key; nothing changed.</summary>
    Unchanged = 1,

    /// <summary>The owner gave its witness a new key.</summary>
    KeyReplaced = 2,

    /// <summary>Refused: another principal owns the name.</summary>
    NameTaken = 3,

    /// <summary>Refused: another witness is registered with this key (name and key hash).</summary>
    KeyTaken = 4,
}
