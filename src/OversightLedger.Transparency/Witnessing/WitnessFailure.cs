namespace OversightLedger.Transparency.Witnessing;

/// <summary>Why a witness refused to cosign a checkpoint.</summary>
public enum WitnessFailure
{
    /// <summary>The note is not a well-formed signed note holding a checkpoint.</summary>
    MalformedCheckpoint,

    /// <summary>The note carries no valid signature of the log's key.</summary>
    LogSignature,

    /// <summary>The checkpoint is of another log than the one the witness follows.</summary>
    WrongOrigin,

    /// <summary>The checkpoint is smaller than one the witness cosigned already: the log lost entries.</summary>
    Rollback,

    /// <summary>The checkpoint has the size of one the witness cosigned, but another root: the log forked.</summary>
    Fork,

    /// <summary>The consistency proof does not lead from the cosigned root to the new one.</summary>
    Inconsistent,
}
