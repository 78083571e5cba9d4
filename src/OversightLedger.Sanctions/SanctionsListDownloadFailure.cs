namespace OversightLedger.Sanctions;

/// <summary>Why a list download was refused (the status a loader reports; the previous version stays in force).</summary>
public enum SanctionsListDownloadFailure
{
    /// <summary>The address is not an absolute http or https URL.</summary>
    InvalidAddress,

    /// <summary>The server could not be reached, or the connection broke before the response began.</summary>
    Unreachable,

    /// <summary>The server answered with a status outside 200–299.</summary>
    HttpStatus,

    /// <summary>The body is, or would be, larger than the configured limit.</summary>
    TooLarge,

    /// <summary>The body ended before its announced length, or the connection broke while it was read.</summary>
    Truncated,

    /// <summary>The body is empty.</summary>
    Empty,

    /// <summary>The whole download took longer than the configured timeout.</summary>
    TimedOut,
}
