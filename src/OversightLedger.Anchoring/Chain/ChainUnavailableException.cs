namespace OversightLedger.Anchoring.Chain;

/// <summary>The Bitcoin node could not be reached, refused the credentials, or answered something the anchorer cannot use.</summary>
public sealed class ChainUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChainUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ChainUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ChainUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
