using System.Globalization;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Licences;

/// <summary>
/// One general licence as the log tells it: its recorded terms, each amendment applied in log order, the budgets it is
/// attached to and the record of its expiry. It covers a disbursement when <see cref="Excludes"/> finds nothing.
/// </summary>
/// <remarks>Not thread-safe: one grain activation or one replay owns one instance.</remarks>
public sealed class Licence
{
    private readonly List<LicenceAmended> _amendments = [];
    private readonly SortedSet<string> _budgets = new(StringComparer.Ordinal);

    internal Licence(LicenceRecorded recorded)
    {
        Recorded = recorded;
        Countries = recorded.Countries;
        Sectors = recorded.Sectors;
        CounterpartyKinds = recorded.CounterpartyKinds;
        ExcludedCounterparties = recorded.ExcludedCounterparties;
        ExcludedLists = recorded.ExcludedLists;
        Expires = recorded.Expires;
    }

    /// <summary>The licence id.</summary>
    public string Id => Recorded.Licence;

    /// <summary>The entry that recorded it.</summary>
    public LicenceRecorded Recorded { get; }

    /// <summary>The covered countries, as amended.</summary>
    public NameSet Countries { get; private set; }

    /// <summary>The covered purposes (empty: any), as amended.</summary>
    public NameSet Sectors { get; private set; }

    /// <summary>The counterparty kinds a covered payment may name (empty: any), as amended.</summary>
    public NameSet CounterpartyKinds { get; private set; }

    /// <summary>The counterparties no covered payment may name, as amended.</summary>
    public NameSet ExcludedCounterparties { get; private set; }

    /// <summary>
    /// The sanctions list sources (e.g. <c>OFAC-SDN</c>) whose screening hits it excludes, as amended: no covered payment may
    /// name a counterparty whose latest screening is a hit on one of them, whether or not a reviewer cleared it.
    /// </summary>
    public NameSet ExcludedLists { get; private set; }

    /// <summary>From when it covers payments.</summary>
    public DateTimeOffset Issued => Recorded.Issued;

    /// <summary>It covers payments strictly before this instant, as amended.</summary>
    public DateTimeOffset Expires { get; private set; }

    /// <summary>Its amendments in log order.</summary>
    public IReadOnlyList<LicenceAmended> Amendments => _amendments;

    /// <summary>The budgets it is attached to, in ordinal order.</summary>
    public IReadOnlyCollection<string> Budgets => _budgets;

    /// <summary>The record of its current expiry, or null while none is logged (or after an amendment moved it).</summary>
    public LicenceExpired? ExpiryRecorded { get; private set; }

    /// <summary>Whether it is in force at <paramref name="at"/>: issued ≤ at &lt; expires.</summary>
    public bool InForceAt(DateTimeOffset at) => Issued <= at && at < Expires;

    /// <summary>
    /// Why it does not cover a payment into <paramref name="country"/> for <paramref name="sector"/> at <paramref name="at"/>
    /// naming <paramref name="counterparty"/> (of <paramref name="kind"/>, null when unknown; whose latest screening is a hit
    /// on the list <paramref name="hitList"/>, null when it is not a hit), or null when it covers it.
    /// </summary>
    public string? Excludes(string country, string sector, string? counterparty, CounterpartyKind? kind, DateTimeOffset at, string? hitList = null)
    {
        if (!InForceAt(at))
        {
            return string.Create(CultureInfo.InvariantCulture, $"'{Id}' is not in force then (issued {Format(Issued)}, expires {Format(Expires)})");
        }

        if (!Countries.Contains(country))
        {
            return $"'{Id}' does not cover the country {country}";
        }

        if (Sectors.Count > 0 && !Sectors.Contains(sector))
        {
            return $"'{Id}' does not cover the purpose {sector}";
        }

        if (counterparty is null)
        {
            return null;
        }

        if (ExcludedCounterparties.Contains(counterparty))
        {
            return $"'{Id}' excludes the counterparty '{counterparty}'";
        }

        if (hitList is not null && ExcludedLists.Contains(hitList))
        {
            return $"'{Id}' excludes counterparties screened as a hit on the list {hitList}, as '{counterparty}' was";
        }

        if (CounterpartyKinds.Count > 0 && (kind is not { } known || !CounterpartyKinds.Contains(Counterparties.CounterpartyKinds.Format(known))))
        {
            return $"'{Id}' does not cover payments naming a counterparty of kind {(kind is { } k ? Counterparties.CounterpartyKinds.Format(k) : "unknown")}";
        }

        return null;
    }

    internal void Apply(LicenceAmended amendment)
    {
        _amendments.Add(amendment);
        Countries = amendment.Countries ?? Countries;
        Sectors = amendment.Sectors ?? Sectors;
        CounterpartyKinds = amendment.CounterpartyKinds ?? CounterpartyKinds;
        ExcludedCounterparties = amendment.ExcludedCounterparties ?? ExcludedCounterparties;
        ExcludedLists = amendment.ExcludedLists ?? ExcludedLists;
        if (amendment.Expires is { } expires && expires != Expires)
        {
            Expires = expires;
            ExpiryRecorded = null;
        }
    }

    internal void Attach(string budget) => _budgets.Add(budget);

    internal void Apply(LicenceExpired expired)
    {
        if (expired.Expires == Expires)
        {
            ExpiryRecorded = expired;
        }
    }

    internal LedgerEntry? FindAmendment(string entryId) => _amendments.Find(a => a.Id == entryId);

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
