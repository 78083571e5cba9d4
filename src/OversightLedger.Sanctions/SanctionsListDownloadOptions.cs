namespace OversightLedger.Sanctions;

/// <summary>Limits on one list download.</summary>
public sealed record SanctionsListDownloadOptions
{
    /// <summary>The largest body accepted, in bytes. Default 64 MiB (the EU export is about 25 MB, OFAC's <c>sdn.xml</c> under 20 MB).</summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How long the whole download (connection, headers and body) may take. Default 2 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);
}
