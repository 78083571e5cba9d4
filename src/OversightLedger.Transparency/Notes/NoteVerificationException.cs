namespace OversightLedger.Transparency.Notes;

/// <summary>
/// A signed note (or a checkpoint or receipt carried in one) was not accepted: it is malformed, a signature from a
/// known key does not verify, or no known key signed it. The message is one line naming the key or line at fault.
/// </summary>
public sealed class NoteVerificationException : Exception
{
    /// <summary>Creates the error with its reason.</summary>
    public NoteVerificationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its reason and the error that caused it.</summary>
    public NoteVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
