using OversightLedger.Server.Sanctions;

namespace OversightLedger.Server.Jobs;

/// <summary>
/// The <c>sanctions-refresh</c> job (daily by default, <c>Sanctions:RefreshCron</c>): reads every configured list again —
/// downloading those given by address — and puts each changed version in force, recording it in the log once
/// (<c>SanctionsListLoaded</c>, idempotent across silos: the record's id names the version and the load before it); a
/// list that does not download or parse is refused and the version in force stays. Counterparties are screened against
/// a new version the next time they are read or named by a payment.
/// </summary>
public sealed partial class SanctionsRefreshJob
{
    private readonly SanctionsListLoader _loader;
    private readonly ILogger<SanctionsRefreshJob> _logger;

    internal SanctionsRefreshJob(SanctionsListLoader loader, ILogger<SanctionsRefreshJob> logger)
    {
        _loader = loader;
        _logger = logger;
    }

    /// <summary>Reloads every list; returns how many are in force and how many were refused.</summary>
    public async Task<string> RunAsync()
    {
        IReadOnlyList<SanctionsListState> states = await _loader.LoadAllAsync(CancellationToken.None);
        int refused = states.Count(s => s.Status != "in-force");
        LogRun(_logger, states.Count - refused, refused);
        return $"{states.Count - refused} in force, {refused} refused";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The sanctions-refresh job: {InForce} list(s) in force, {Refused} refused (see GET /api/sanctions/lists)")]
    private static partial void LogRun(ILogger logger, int inForce, int refused);
}
