namespace OversightLedger.Transparency.Witnessing;

/// <summary>A witness refused to cosign a checkpoint; <see cref="Failure"/> says which check failed and the message says how.</summary>
public sealed class CheckpointWitnessException : Exception
{
    /// <summary>Creates the error for a failed check.</summary>
    public CheckpointWitnessException(WitnessFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>The check that failed.</summary>
    public WitnessFailure Failure { get; }
}
