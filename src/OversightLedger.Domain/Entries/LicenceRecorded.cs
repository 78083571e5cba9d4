namespace OversightLedger.Domain.Entries;

/// <summary>
/// A general licence as issued: <c>authority, by, counterpartyKinds, countries, excludedCounterparties, excludedLists (only
/// when it names any), expires, issued, licence, reference, sectors</c>. It covers a disbursement at time t when
/// <c>issued ≤ t &lt; expires</c> (as amended), the budget's country is one of <c>countries</c>, its sector one of
/// <c>sectors</c> (empty: any), the kind of the counterparty it names one of <c>counterpartyKinds</c> (empty: any), that
/// counterparty not excluded, and its latest screening not a hit on one of <c>excludedLists</c> (sanctions list sources such
/// as <c>OFAC-SDN</c>; a hit counts whether or not a reviewer cleared it). The id is
/// <see cref="EntryIds.LicenceRecorded"/>: a licence id is recorded once.
/// </summary>
public sealed record LicenceRecorded : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "LicenceRecorded";

    /// <summary>Creates the entry; the times are kept in UTC whole seconds.</summary>
    /// <exception cref="ArgumentException">A field is malformed or <paramref name="expires"/> is not after <paramref name="issued"/>; the parameter name is the JSON field.</exception>
    public LicenceRecorded(
        string id, DateTimeOffset time, string licence, string authority, string reference, NameSet countries, NameSet sectors,
        NameSet counterpartyKinds, NameSet excludedCounterparties, DateTimeOffset issued, DateTimeOffset expires, string by,
        NameSet? excludedLists = null)
        : base(id, time)
    {
        Licence = FieldFormat.Identifier(licence, nameof(licence));
        Authority = FieldFormat.Text(authority, nameof(authority));
        Reference = FieldFormat.Text(reference, nameof(reference));
        Countries = LicenceFields.Countries(countries, nameof(countries));
        Sectors = FieldFormat.SectorCodes(sectors, nameof(sectors));
        CounterpartyKinds = LicenceFields.CounterpartyKindNames(counterpartyKinds, nameof(counterpartyKinds));
        ExcludedCounterparties = FieldFormat.Identifiers(excludedCounterparties, nameof(excludedCounterparties));
        ExcludedLists = excludedLists is null ? NameSet.Empty : FieldFormat.Identifiers(excludedLists, nameof(excludedLists));
        Issued = EntryTime.ToWholeSeconds(issued);
        Expires = EntryTime.ToWholeSeconds(expires);
        if (Expires <= Issued)
        {
            throw new ArgumentException("'expires' must be after 'issued'", nameof(expires));
        }

        By = FieldFormat.Identifier(by, nameof(by));
    }

    /// <summary>The licence id, chosen by whoever records it (e.g. <c>ofac-gl-25</c>).</summary>
    public string Licence { get; }

    /// <summary>Who issued it, e.g. <c>OFAC</c>.</summary>
    public string Authority { get; }

    /// <summary>Its public reference, e.g. <c>OFAC GL 25</c>.</summary>
    public string Reference { get; }

    /// <summary>The countries it covers (ISO 3166-1 alpha-2).</summary>
    public NameSet Countries { get; }

    /// <summary>The DAC 5-digit purposes it covers; empty: every purpose.</summary>
    public NameSet Sectors { get; }

    /// <summary>The counterparty kinds a covered payment may name; empty: any.</summary>
    public NameSet CounterpartyKinds { get; }

    /// <summary>Counterparty ids no payment under it may name.</summary>
    public NameSet ExcludedCounterparties { get; }

    /// <summary>Sanctions list sources (e.g. <c>OFAC-SDN</c>): no payment under it may name a counterparty whose latest screening is a hit on one; empty: none.</summary>
    public NameSet ExcludedLists { get; }

    /// <summary>It covers payments from this instant (UTC).</summary>
    public DateTimeOffset Issued { get; }

    /// <summary>It covers payments strictly before this instant (UTC), unless amended.</summary>
    public DateTimeOffset Expires { get; }

    /// <summary>The key principal that recorded it.</summary>
    public string By { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json)
    {
        json.WriteString("licence", Licence)
            .WriteString("authority", Authority)
            .WriteString("reference", Reference)
            .WriteStringArray("countries", Countries)
            .WriteStringArray("sectors", Sectors)
            .WriteStringArray("counterpartyKinds", CounterpartyKinds)
            .WriteStringArray("excludedCounterparties", ExcludedCounterparties)
            .WriteString("issued", EntryTime.Format(Issued))
            .WriteString("expires", EntryTime.Format(Expires))
            .WriteString("by", By);

        // Written only when it names a list, so the licences recorded before the field existed keep their bytes.
        if (ExcludedLists.Count > 0)
        {
            json.WriteStringArray("excludedLists", ExcludedLists);
        }
    }

    internal static LicenceRecorded Read(EntryFieldReader fields) => new(
        fields.Id, fields.Time, fields.ReadString("licence"), fields.ReadString("authority"), fields.ReadString("reference"),
        fields.ReadNames("countries"), fields.ReadNames("sectors"), fields.ReadNames("counterpartyKinds"), fields.ReadNames("excludedCounterparties"),
        fields.ReadTime("issued"), fields.ReadTime("expires"), fields.ReadString("by"), fields.ReadOptionalNames("excludedLists"));
}
