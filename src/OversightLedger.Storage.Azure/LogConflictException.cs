namespace OversightLedger.Storage.Azure;

/// <summary>
/// Another writer changed the log under this one, and the write that would have forked it was refused.
/// Nothing this writer wrote is acknowledged: read the checkpoint again and reopen the writer from it.
/// </summary>
public abstract class LogConflictException : Exception
{
    /// <summary>Creates the error with a one-line reason.</summary>
    protected LogConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a one-line reason and its cause.</summary>
    protected LogConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
