using OversightLedger.Grains.Ledger;

namespace OversightLedger.Grains.Watchdogs;

/// <summary>
/// One watchdog organisation (keyed by its id). Like a Certificate Transparency monitor it learns only from the public
/// log: each scan reads the entries since the last one, runs the watchdog rules over the budgets and programs it
/// oversees and logs a <c>FindingRaised</c> for each new finding. Its findings move through the logged lifecycle
/// raised → disputed (by the agency) → resolved (dismissed, or confirmed — which snaps back the budgets whose terms
/// name the finding's class). Everything but its registration is rebuilt from the log on activation.
/// </summary>
[Alias("OversightLedger.Grains.Watchdogs.IWatchdogGrain")]
public interface IWatchdogGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the watchdog (or changes what it oversees), decided in the grain's turn so concurrent registrations of
    /// one id are serialised: the first key owns it and reserves the witness name equal to the watchdog's id (see
    /// <c>IWitnessRegistryGrain.ReserveNameAsync</c>); afterwards only that key (or an admin) may change it.
    /// </summary>
    [Alias("RegisterAsync")]
    Task<WatchdogRegistration> RegisterAsync(Actor actor, RegisterWatchdogCommand command);

    /// <summary>The watchdog, or null when it was never registered.</summary>
    [Alias("GetAsync")]
    Task<WatchdogView?> GetAsync();

    /// <summary>
    /// Reads the log up to its latest checkpoint and raises the new findings. It does not cosign: a witness key is always
    /// one its holder made and registered (<c>oversight witness</c>); the server holds none (DESIGN §4).
    /// </summary>
    [Alias("ScanAsync")]
    Task<WatchdogScanOutcome> ScanAsync();

    /// <summary>The watchdog's findings, in the order they were raised.</summary>
    [Alias("GetFindingsAsync")]
    Task<FindingView[]> GetFindingsAsync();

    /// <summary>An agency disputes a finding about one of its programs.</summary>
    [Alias("DisputeAsync")]
    Task<LedgerResult> DisputeAsync(Actor actor, DisputeFindingCommand command);

    /// <summary>The watchdog resolves one of its findings; a confirmed one snaps back the budgets whose terms name its class.</summary>
    [Alias("ResolveAsync")]
    Task<LedgerResult> ResolveAsync(Actor actor, ResolveFindingCommand command);
}
