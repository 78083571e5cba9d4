namespace OversightLedger.Transparency.Witnessing;

/// <summary>How one submission of a checkpoint to a witness (c2sp.org/tlog-witness <c>add-checkpoint</c>) ended.</summary>
public enum WitnessSubmissionOutcome
{
    /// <summary>The witness answered 200 with a cosignature of its configured key that verifies on the submitted checkpoint.</summary>
    Cosigned,

    /// <summary>The witness answered 200, but with no line of its configured key that verifies on the submitted checkpoint.</summary>
    InvalidCosignature,

    /// <summary>The witness has cosigned a larger tree than the submitted checkpoint (a stale checkpoint, or a log that lost entries).</summary>
    WitnessAhead,

    /// <summary>The witness answered 409 with its size more times in a row than the client resubmits.</summary>
    SizeConflict,

    /// <summary>The witness refused (any other status); the reason is its body's first line.</summary>
    Refused,

    /// <summary>The witness could not be reached, or did not answer in time.</summary>
    Unreachable,

    /// <summary>The witness cosigned, but the log could not keep the cosignature (it is submitted again).</summary>
    NotKept,

    /// <summary>The submission failed in a way none of the above names (the reason says how); it is tried again.</summary>
    UnexpectedError,

    /// <summary>The consistency proof for the witness could not be read from the log's tiles.</summary>
    LogUnreadable,
}
