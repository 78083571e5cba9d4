namespace OversightLedger.Anchoring.Chain;

/// <summary>The node refused a transaction (<c>sendrawtransaction</c> answered an error); the message is the node's reason.</summary>
public sealed class TransactionRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransactionRejectedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TransactionRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public TransactionRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether the node refused it because it already has it (in its mempool or its chain): not a failure for a rebroadcast.</summary>
    public bool AlreadyKnown { get; init; }
}
