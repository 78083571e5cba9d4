using System.Net;

namespace OversightLedger.Sanctions;

/// <summary>A list could not be downloaded: nothing was read, and a loader keeps the previous version in force.</summary>
public sealed class SanctionsListDownloadException : Exception
{
    /// <summary>Creates the error for an address.</summary>
    public SanctionsListDownloadException(string address, SanctionsListDownloadFailure failure, string reason, HttpStatusCode? statusCode = null, Exception? inner = null)
        : base($"{address}: {reason}", inner)
    {
        Address = address;
        Failure = failure;
        Reason = reason;
        StatusCode = statusCode;
    }

    /// <summary>The address asked for.</summary>
    public string Address { get; }

    /// <summary>What kind of failure it was.</summary>
    public SanctionsListDownloadFailure Failure { get; }

    /// <summary>What went wrong, in words.</summary>
    public string Reason { get; }

    /// <summary>The HTTP status, when the server answered.</summary>
    public HttpStatusCode? StatusCode { get; }
}
