namespace OversightLedger.Transparency.Verification;

/// <summary>A log's tiles, entries or checkpoint do not agree; the message names the entry, tile or signature.</summary>
public sealed class LogVerificationException : Exception
{
    /// <summary>Creates the error with a one-line reason.</summary>
    public LogVerificationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a one-line reason and its cause.</summary>
    public LogVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
