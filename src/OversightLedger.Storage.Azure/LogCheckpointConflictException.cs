namespace OversightLedger.Storage.Azure;

/// <summary>
/// The checkpoint is no longer the one this writer read or last wrote: another writer committed (or fenced
/// this one out) first. The new checkpoint was not written.
/// </summary>
public sealed class LogCheckpointConflictException : LogConflictException
{
    /// <summary>Creates the error with a one-line reason.</summary>
    public LogCheckpointConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a one-line reason and its cause.</summary>
    public LogCheckpointConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
