using OversightLedger.Grains.Ledger;

namespace OversightLedger.Grains.Counterparties;

/// <summary>
/// One counterparty (keyed by its id): its registration by an agency, its screenings against the loaded sanctions lists
/// and their review by compliance. Public state is rebuilt from the log; the name and the other details screened on stay
/// in private grain storage and never reach the log.
/// </summary>
[Alias("OversightLedger.Grains.Counterparties.ICounterpartyGrain")]
public interface ICounterpartyGrain : IGrainWithStringKey
{
    /// <summary>Registers it for the acting agency and screens it at once against the loaded lists; idempotent.</summary>
    [Alias("RegisterAsync")]
    Task<CounterpartyRegistration> RegisterAsync(Actor actor, RegisterCounterpartyCommand command);

    /// <summary>Its view (details, status, best matches), or null when it is not registered. Screens it first when the lists changed.</summary>
    [Alias("GetAsync")]
    Task<CounterpartyView?> GetAsync();

    /// <summary>Clears (<paramref name="clear"/>) or confirms the latest screening's hit; only a compliance reviewer whose scope covers the agency.</summary>
    [Alias("ReviewAsync")]
    Task<LedgerResult> ReviewAsync(ComplianceReviewer reviewer, bool clear, string reasonSha256);

    /// <summary>Whether <paramref name="agency"/> may pay it now (screening it first when the lists changed).</summary>
    [Alias("CheckPaymentAsync")]
    Task<CounterpartyPaymentCheck> CheckPaymentAsync(string agency);

    /// <summary>
    /// Screens it again when the lists in force changed since its latest screening: what the re-screening after a list
    /// change asks of every registered counterparty, so that a new hit blocks it before anyone reads or pays it.
    /// </summary>
    [Alias("RescreenAsync")]
    Task<CounterpartyRescreening> RescreenAsync();
}
