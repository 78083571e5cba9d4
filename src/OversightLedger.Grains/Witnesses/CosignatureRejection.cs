namespace OversightLedger.Grains.Witnesses;

/// <summary>Why the log refused a cosignature.</summary>
public enum CosignatureRejection
{
    /// <summary>The body is not a signed note holding a checkpoint.</summary>
    MalformedNote,

    /// <summary>The checkpoint is of another log (its origin is not this log's).</summary>
    WrongLog,

    /// <summary>The checkpoint is not the log's current one (the log grew since, or never signed it): fetch it again.</summary>
    StaleCheckpoint,

    /// <summary>No line of the note is from a registered witness key.</summary>
    UnknownWitness,

    /// <summary>A line from a registered witness key does not verify.</summary>
    InvalidCosignature,
}
