namespace OversightLedger.Anchoring.Transactions;

/// <summary>An anchor transaction cannot be built: the coins do not cover the fee, or the fee cap leaves no room for a replacement.</summary>
public sealed class AnchorFundingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AnchorFundingException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AnchorFundingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public AnchorFundingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
