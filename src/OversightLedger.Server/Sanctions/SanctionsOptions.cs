using OversightLedger.Sanctions;

namespace OversightLedger.Server.Sanctions;

/// <summary>
/// <c>Sanctions:</c> the lists loaded at start and by the daily <c>sanctions-refresh</c> job (<c>Sanctions:Lists:0:Path</c>
/// or <c>…:Url</c>, <c>…:Format</c>, <c>…:Source</c>; <c>Sanctions:RefreshCron</c>; <c>Sanctions:Download</c>) and the hit threshold (<c>Sanctions:Threshold</c>, default 0.86). No list configured: counterparties stay
/// unscreened, and so unpayable, until one is.
/// </summary>
internal sealed class SanctionsOptions
{
    /// <summary>The lists, each loaded and put in force on its own.</summary>
    public List<SanctionsListFile> Lists { get; set; } = [];

    /// <summary>When the <c>sanctions-refresh</c> job reloads every list (cron, UTC; <c>never</c> to turn it off). Default: daily at 02:30.</summary>
    public string RefreshCron { get; set; } = "30 2 * * *";

    /// <summary>Limits of a list's download (<c>Sanctions:Download:MaxBytes</c>, <c>…:Timeout</c>): 64 MiB and 2 minutes by default.</summary>
    public SanctionsListDownloadOptions Download { get; set; } = new();

    /// <summary>How many counterparties are re-screened at a time after a list change (<c>Sanctions:RescreenParallelism</c>, 1 to 64; default 8).</summary>
    public int RescreenParallelism { get; set; } = 8;

    /// <summary>A best score at or above it is a hit (default <see cref="SanctionsIndex.DefaultThreshold"/>).</summary>
    public double Threshold { get; set; } = SanctionsIndex.DefaultThreshold;
}
