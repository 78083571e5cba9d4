namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// The log refused an append because an id in it already belongs to a different entry (in the log or on its
/// way there). Nothing of the refused call was appended, so the caller may release what it held for it.
/// </summary>
[GenerateSerializer]
[Alias("OversightLedger.Grains.AuditLog.EntryIdTakenException")]
public sealed class EntryIdTakenException : Exception
{
    /// <summary>Creates the error.</summary>
    public EntryIdTakenException()
    {
    }

    /// <summary>Creates the error with its reason.</summary>
    public EntryIdTakenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its reason and cause.</summary>
    public EntryIdTakenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
