namespace OversightLedger.Cli.Witness;

/// <summary>What the ledger server said to a submitted cosignature.</summary>
internal enum SubmissionOutcome
{
    /// <summary>Stored; <c>/log/checkpoint</c> now carries it.</summary>
    Accepted,

    /// <summary>The log has a newer checkpoint than the one cosigned: cosign that one.</summary>
    Stale,
}
