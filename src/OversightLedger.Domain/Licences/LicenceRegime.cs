using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Licences;

/// <summary>
/// The ledger-wide licence rule (DESIGN §5.10) and its state: which countries are sanctioned jurisdictions
/// (<see cref="JurisdictionSanctioned"/> until <see cref="JurisdictionLifted"/>), the general licences recorded and amended,
/// and the budgets each is attached to. A disbursement from a budget whose recipient country is a sanctioned jurisdiction
/// at its time must fall inside a licence in force attached to that budget (<see cref="CheckDisbursement"/>); every other
/// payment is unaffected. Declarations, lifts and amendments take effect at their entry's time, so replaying the log in
/// order judges each payment by the state at its time.
/// </summary>
/// <remarks>Not thread-safe: one grain activation or one replay owns one instance.</remarks>
public sealed class LicenceRegime
{
    private readonly SortedDictionary<string, Licence> _licences = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, JurisdictionSanctioned> _sanctioned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _lifts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JurisdictionLifted> _latestLift = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _budgetLicences = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LedgerEntry> _attachments = new(StringComparer.Ordinal);
    private readonly List<LedgerEntry> _applied = [];

    /// <summary>The licences recorded, by id in ordinal order.</summary>
    public IReadOnlyDictionary<string, Licence> Licences => _licences;

    /// <summary>The sanctioned jurisdictions now, by country, with the declaration in force.</summary>
    public IReadOnlyDictionary<string, JurisdictionSanctioned> SanctionedJurisdictions => _sanctioned;

    /// <summary>Whether <paramref name="country"/> is a sanctioned jurisdiction now.</summary>
    public bool IsSanctioned(string country) => _sanctioned.ContainsKey(country);

    /// <summary>The licences attached to <paramref name="budget"/>, in ordinal order.</summary>
    public IReadOnlyCollection<string> LicencesOf(string budget) =>
        _budgetLicences.TryGetValue(budget, out SortedSet<string>? ids) ? ids : [];

    /// <summary>Whether an entry is one of the regime's kinds.</summary>
    public static bool Concerns(LedgerEntry entry) =>
        entry is JurisdictionSanctioned or JurisdictionLifted or LicenceRecorded or LicenceAmended or LicenceAttached or LicenceExpired;

    /// <summary>
    /// The rule: a payment from <paramref name="budget"/> (recipient <paramref name="country"/>) for <paramref name="sector"/>
    /// at <paramref name="at"/>, naming <paramref name="counterparty"/> of <paramref name="kind"/> (null when it names none
    /// or its kind is unknown) whose latest screening is a hit on the list <paramref name="hitList"/> (null when it is not a
    /// hit; see <see cref="Counterparty.HitList"/>).
    /// </summary>
    public LicenceCover CheckDisbursement(
        string budget, string country, string sector, string? counterparty, CounterpartyKind? kind, DateTimeOffset at, string? hitList = null)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(country);
        ArgumentNullException.ThrowIfNull(sector);
        if (!_sanctioned.TryGetValue(country, out JurisdictionSanctioned? declaration))
        {
            return LicenceCover.NotRequired;
        }

        DateTimeOffset second = new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var reasons = new List<string>();
        foreach (string id in LicencesOf(budget))
        {
            if (_licences[id].Excludes(country, sector, counterparty, kind, second, hitList) is { } reason)
            {
                reasons.Add(reason);
            }
            else
            {
                return new LicenceCover(id, null);
            }
        }

        string why = reasons.Count == 0 ? "the budget has no licence attached" : string.Join("; ", reasons);
        return new LicenceCover(null, new DomainRejection(
            RejectionCode.Unlicensed,
            $"The budget '{budget}' pays into {country}, a sanctioned jurisdiction ({declaration.Reference}), and no licence in force attached to it covers this payment: {why}."));
    }

    /// <summary>Declares <paramref name="country"/> a sanctioned jurisdiction from now; the same declaration again is the one recorded.</summary>
    public Decision<JurisdictionSanctioned> DecideSanction(DateTimeOffset now, string country, string reference, string by)
    {
        JurisdictionSanctioned entry;
        try
        {
            entry = new JurisdictionSanctioned(EntryIds.JurisdictionSanctioned(country, _lifts.GetValueOrDefault(country ?? string.Empty)), now, country!, reference, by);
        }
        catch (ArgumentException e)
        {
            return Decision<JurisdictionSanctioned>.Reject(RejectionCode.InvalidRequest, e.Message);
        }

        if (!_sanctioned.TryGetValue(entry.Country, out JurisdictionSanctioned? current))
        {
            return Decision<JurisdictionSanctioned>.Append(entry);
        }

        return current.HasSameContentAs(entry)
            ? Decision<JurisdictionSanctioned>.AlreadyRecorded(current)
            : Decision<JurisdictionSanctioned>.Reject(RejectionCode.AlreadySanctioned, $"{entry.Country} is already a sanctioned jurisdiction ({current.Reference}).");
    }

    /// <summary>Lifts the sanctions on <paramref name="country"/> from now; the same lift again is the one recorded.</summary>
    public Decision<JurisdictionLifted> DecideLift(DateTimeOffset now, string country, string reference, string by)
    {
        int lifts = _lifts.GetValueOrDefault(country ?? string.Empty);
        JurisdictionLifted entry;
        try
        {
            entry = new JurisdictionLifted(EntryIds.JurisdictionLifted(country!, _sanctioned.ContainsKey(country!) ? lifts : lifts - 1), now, country!, reference, by);
        }
        catch (ArgumentException e)
        {
            return Decision<JurisdictionLifted>.Reject(RejectionCode.InvalidRequest, e.Message);
        }

        if (_sanctioned.ContainsKey(entry.Country))
        {
            return Decision<JurisdictionLifted>.Append(entry);
        }

        return _latestLift.TryGetValue(entry.Country, out JurisdictionLifted? latest) && latest.HasSameContentAs(entry)
            ? Decision<JurisdictionLifted>.AlreadyRecorded(latest)
            : Decision<JurisdictionLifted>.Reject(RejectionCode.NotSanctioned, $"{entry.Country} is not a sanctioned jurisdiction: there is nothing to lift.");
    }

    /// <summary>Records a licence; the same licence again is the one recorded, another with its id a duplicate.</summary>
    public Decision<LicenceRecorded> DecideRecord(
        DateTimeOffset now, string licence, string authority, string reference, NameSet countries, NameSet sectors, NameSet counterpartyKinds,
        NameSet excludedCounterparties, DateTimeOffset issued, DateTimeOffset expires, string by, NameSet? excludedLists = null) =>
        IdempotentDecision.Decide(
            () => new LicenceRecorded(
                EntryIds.LicenceRecorded(licence), now, licence, authority, reference, countries, sectors, counterpartyKinds, excludedCounterparties, issued, expires, by,
                excludedLists),
            id => _licences.TryGetValue(licence, out Licence? known) && known.Recorded.Id == id ? known.Recorded : null,
            _ => null);

    /// <summary>Amends a recorded licence from now; an amendment id is used once.</summary>
    public Decision<LicenceAmended> DecideAmend(
        DateTimeOffset now, string licence, string amendment, string reference, string by, DateTimeOffset? expires, NameSet? countries,
        NameSet? sectors, NameSet? counterpartyKinds, NameSet? excludedCounterparties, NameSet? excludedLists = null)
    {
        Licence? known = _licences.GetValueOrDefault(licence ?? string.Empty);
        return IdempotentDecision.Decide(
            () => new LicenceAmended(
                EntryIds.LicenceAmended(licence!, amendment!), now, licence!, amendment!, reference, by, expires, countries, sectors, counterpartyKinds, excludedCounterparties,
                excludedLists),
            id => known?.FindAmendment(id),
            entry => CheckAmendment(entry, known));
    }

    /// <summary>Attaches a recorded licence to <paramref name="budget"/> (whose existence and owner the caller checked).</summary>
    public Decision<LicenceAttached> DecideAttach(DateTimeOffset now, string licence, string budget, string by) =>
        IdempotentDecision.Decide(
            () => new LicenceAttached(EntryIds.LicenceAttached(budget, licence), now, licence, budget, by),
            id => _attachments.GetValueOrDefault(id),
            entry => _licences.ContainsKey(entry.Licence) ? null : UnknownLicence(entry.Licence));

    /// <summary>Records that a licence reached its expiry; refused before it, once per expiry.</summary>
    public Decision<LicenceExpired> DecideExpire(DateTimeOffset now, string licence)
    {
        if (licence is null || !_licences.TryGetValue(licence, out Licence? known))
        {
            return Decision<LicenceExpired>.Reject(UnknownLicence(licence ?? string.Empty));
        }

        return IdempotentDecision.Decide(
            () => new LicenceExpired(EntryIds.LicenceExpired(licence, known.Expires), now, licence, known.Expires),
            id => known.ExpiryRecorded is { } recorded && recorded.Id == id ? recorded : null,
            entry => entry.Time < known.Expires
                ? new DomainRejection(RejectionCode.InvalidRequest, $"The licence '{licence}' is in force until {entry.Expires:O}; it cannot be recorded as expired before.")
                : null);
    }

    /// <summary>Whether the log may hold <paramref name="entry"/> at this point (replay); null when it may.</summary>
    public DomainRejection? Check(LedgerEntry entry) => entry switch
    {
        JurisdictionSanctioned e when _sanctioned.ContainsKey(e.Country) => new(RejectionCode.AlreadySanctioned, $"{e.Country} is already a sanctioned jurisdiction"),
        JurisdictionLifted e when !_sanctioned.ContainsKey(e.Country) => new(RejectionCode.NotSanctioned, $"{e.Country} is not a sanctioned jurisdiction"),
        LicenceRecorded e when _licences.ContainsKey(e.Licence) => IdempotentDecision.DuplicateOf(e.Id),
        LicenceAmended e => CheckAmendment(e, _licences.GetValueOrDefault(e.Licence)),
        LicenceAttached e when !_licences.ContainsKey(e.Licence) => UnknownLicence(e.Licence),
        LicenceExpired e when !_licences.ContainsKey(e.Licence) => UnknownLicence(e.Licence),
        _ => null,
    };

    /// <summary>The entries applied, in order: applying them again to a new regime gives this one (a watchdog's snapshot).</summary>
    internal IReadOnlyList<LedgerEntry> AppliedEntries => _applied;

    /// <summary>Applies one of the regime's entries (others are ignored); an entry <see cref="Check"/> refuses is ignored too.</summary>
    public void Apply(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (Check(entry) is not null)
        {
            return;
        }

        if (Concerns(entry))
        {
            _applied.Add(entry);
        }

        switch (entry)
        {
            case JurisdictionSanctioned e:
                _sanctioned[e.Country] = e;
                break;
            case JurisdictionLifted e:
                _sanctioned.Remove(e.Country);
                _lifts[e.Country] = _lifts.GetValueOrDefault(e.Country) + 1;
                _latestLift[e.Country] = e;
                break;
            case LicenceRecorded e:
                _licences.Add(e.Licence, new Licence(e));
                break;
            case LicenceAmended e:
                _licences[e.Licence].Apply(e);
                break;
            case LicenceAttached e:
                if (_attachments.TryAdd(e.Id, e))
                {
                    _licences[e.Licence].Attach(e.Budget);
                    if (!_budgetLicences.TryGetValue(e.Budget, out SortedSet<string>? ids))
                    {
                        ids = new SortedSet<string>(StringComparer.Ordinal);
                        _budgetLicences.Add(e.Budget, ids);
                    }

                    ids.Add(e.Licence);
                }

                break;
            case LicenceExpired e:
                _licences[e.Licence].Apply(e);
                break;
        }
    }

    private static DomainRejection? CheckAmendment(LicenceAmended entry, Licence? known)
    {
        if (known is null)
        {
            return UnknownLicence(entry.Licence);
        }

        if (known.FindAmendment(entry.Id) is not null)
        {
            return IdempotentDecision.DuplicateOf(entry.Id);
        }

        return entry.Expires is { } expires && expires <= known.Issued
            ? new DomainRejection(RejectionCode.InvalidRequest, $"'expires' must be after the licence's issue ({known.Issued:O}).")
            : null;
    }

    private static DomainRejection UnknownLicence(string licence) => new(RejectionCode.UnknownLicence, $"There is no licence '{licence}'.");
}
