namespace OversightLedger.Anchoring.Spv;

/// <summary>An anchor proof does not verify; <see cref="Failure"/> says which check failed and the message says how.</summary>
public sealed class AnchorVerificationException : Exception
{
    /// <summary>Creates the exception (failure <see cref="AnchorFailure.Malformed"/>).</summary>
    public AnchorVerificationException()
    {
    }

    /// <summary>Creates the exception with a message (failure <see cref="AnchorFailure.Malformed"/>).</summary>
    public AnchorVerificationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause (failure <see cref="AnchorFailure.Malformed"/>).</summary>
    public AnchorVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed check.</summary>
    public AnchorVerificationException(AnchorFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>The check that failed.</summary>
    public AnchorFailure Failure { get; }
}
