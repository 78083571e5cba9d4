using OversightLedger.Grains.Ledger;

namespace OversightLedger.Grains.Licences;

/// <summary>
/// The ledger-wide licence rule (DESIGN §5.10), one activation keyed <see cref="LicenceRegistryKeys.Ledger"/>: sanctioned
/// jurisdictions, general licences with their amendments, their attachment to budgets and their expiry, rebuilt from the
/// log on activation. Who may record is the API's business (admins and ledger-wide compliance keys); attaching is the
/// budget owner's or an admin's, which the grain checks against the budget.
/// </summary>
[Alias("OversightLedger.Grains.Licences.ILicenceRegistryGrain")]
public interface ILicenceRegistryGrain : IGrainWithStringKey
{
    /// <summary>Declares a country a sanctioned jurisdiction from now; idempotent.</summary>
    [Alias("SanctionJurisdictionAsync")]
    Task<LedgerResult> SanctionJurisdictionAsync(Actor actor, string country, string reference);

    /// <summary>Lifts the sanctions on a country from now; idempotent.</summary>
    [Alias("LiftJurisdictionAsync")]
    Task<LedgerResult> LiftJurisdictionAsync(Actor actor, string country, string reference);

    /// <summary>The sanctioned jurisdictions now, by country.</summary>
    [Alias("ListJurisdictionsAsync")]
    Task<JurisdictionView[]> ListJurisdictionsAsync();

    /// <summary>Records a general licence; idempotent by its id.</summary>
    [Alias("RecordAsync")]
    Task<LedgerResult> RecordAsync(Actor actor, RecordLicenceCommand command);

    /// <summary>Amends a licence from now; idempotent by the amendment id.</summary>
    [Alias("AmendAsync")]
    Task<LedgerResult> AmendAsync(Actor actor, string licence, AmendLicenceCommand command);

    /// <summary>Attaches a licence to a budget: only the budget's owner or an admin; idempotent.</summary>
    [Alias("AttachAsync")]
    Task<LedgerResult> AttachAsync(Actor actor, string licence, string budget);

    /// <summary>Every licence, in id order, with its status at <paramref name="now"/>.</summary>
    [Alias("ListAsync")]
    Task<LicenceView[]> ListAsync(DateTimeOffset now);

    /// <summary>One licence with its status at <paramref name="now"/>, or null.</summary>
    [Alias("GetAsync")]
    Task<LicenceView?> GetAsync(string licence, DateTimeOffset now);

    /// <summary>Judges payments at <paramref name="at"/> by the rule; one outcome per check, in order.</summary>
    [Alias("CheckAsync")]
    Task<LicenceCheckOutcome[]> CheckAsync(LicenceCheck[] checks, DateTimeOffset at);

    /// <summary>The daily pass: logs <c>LicenceExpired</c> for each licence past its expiry, reports those within <paramref name="warnWithin"/> of it.</summary>
    [Alias("ApplyExpiriesAsync")]
    Task<LicenceExpiryOutcome[]> ApplyExpiriesAsync(DateTimeOffset now, TimeSpan warnWithin);
}
