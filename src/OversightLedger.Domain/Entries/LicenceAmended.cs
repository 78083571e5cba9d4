namespace OversightLedger.Domain.Entries;

/// <summary>
/// A logged change to a licence, from the entry's time on: <c>amendment, by, licence, reference</c> and at least one of
/// <c>counterpartyKinds, countries, excludedCounterparties, excludedLists, expires, sectors</c>, each replacing the licence's value (an
/// absent field is unchanged). The id is <see cref="EntryIds.LicenceAmended"/>: an amendment id is used once per licence.
/// </summary>
public sealed record LicenceAmended : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "LicenceAmended";

    /// <summary>Creates the entry; null fields are unchanged, and at least one must be set.</summary>
    /// <exception cref="ArgumentException">A field is malformed, or nothing changes; the parameter name is the JSON field.</exception>
    public LicenceAmended(
        string id, DateTimeOffset time, string licence, string amendment, string reference, string by, DateTimeOffset? expires = null,
        NameSet? countries = null, NameSet? sectors = null, NameSet? counterpartyKinds = null, NameSet? excludedCounterparties = null,
        NameSet? excludedLists = null)
        : base(id, time)
    {
        Licence = FieldFormat.Identifier(licence, nameof(licence));
        Amendment = FieldFormat.Identifier(amendment, nameof(amendment));
        Reference = FieldFormat.Text(reference, nameof(reference));
        By = FieldFormat.Identifier(by, nameof(by));
        Expires = expires is { } e ? EntryTime.ToWholeSeconds(e) : null;
        Countries = countries is null ? null : LicenceFields.Countries(countries, nameof(countries));
        Sectors = sectors is null ? null : FieldFormat.SectorCodes(sectors, nameof(sectors));
        CounterpartyKinds = counterpartyKinds is null ? null : LicenceFields.CounterpartyKindNames(counterpartyKinds, nameof(counterpartyKinds));
        ExcludedCounterparties = excludedCounterparties is null ? null : FieldFormat.Identifiers(excludedCounterparties, nameof(excludedCounterparties));
        ExcludedLists = excludedLists is null ? null : FieldFormat.Identifiers(excludedLists, nameof(excludedLists));
        if (Expires is null && Countries is null && Sectors is null && CounterpartyKinds is null && ExcludedCounterparties is null && ExcludedLists is null)
        {
            throw new ArgumentException(
                "an amendment changes at least one of expires, countries, sectors, counterpartyKinds, excludedCounterparties, excludedLists", nameof(amendment));
        }
    }

    /// <summary>The licence id.</summary>
    public string Licence { get; }

    /// <summary>The amendment id, unique within the licence (e.g. <c>gl-25a</c>).</summary>
    public string Amendment { get; }

    /// <summary>Its public reference, e.g. <c>OFAC GL 25A</c>.</summary>
    public string Reference { get; }

    /// <summary>The key principal that recorded it.</summary>
    public string By { get; }

    /// <summary>The new expiry, or null when unchanged.</summary>
    public DateTimeOffset? Expires { get; }

    /// <summary>The new covered countries, or null when unchanged.</summary>
    public NameSet? Countries { get; }

    /// <summary>The new covered purposes (empty: any), or null when unchanged.</summary>
    public NameSet? Sectors { get; }

    /// <summary>The new covered counterparty kinds (empty: any), or null when unchanged.</summary>
    public NameSet? CounterpartyKinds { get; }

    /// <summary>The new excluded counterparties, or null when unchanged.</summary>
    public NameSet? ExcludedCounterparties { get; }

    /// <summary>The new excluded sanctions lists (empty: none), or null when unchanged.</summary>
    public NameSet? ExcludedLists { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json)
    {
        json.WriteString("licence", Licence)
            .WriteString("amendment", Amendment)
            .WriteString("reference", Reference)
            .WriteString("by", By);
        if (Expires is { } expires)
        {
            json.WriteString("expires", EntryTime.Format(expires));
        }

        if (Countries is not null)
        {
            json.WriteStringArray("countries", Countries);
        }

        if (Sectors is not null)
        {
            json.WriteStringArray("sectors", Sectors);
        }

        if (CounterpartyKinds is not null)
        {
            json.WriteStringArray("counterpartyKinds", CounterpartyKinds);
        }

        if (ExcludedCounterparties is not null)
        {
            json.WriteStringArray("excludedCounterparties", ExcludedCounterparties);
        }

        if (ExcludedLists is not null)
        {
            json.WriteStringArray("excludedLists", ExcludedLists);
        }
    }

    internal static LicenceAmended Read(EntryFieldReader fields) => new(
        fields.Id, fields.Time, fields.ReadString("licence"), fields.ReadString("amendment"), fields.ReadString("reference"), fields.ReadString("by"),
        fields.ReadOptionalTime("expires"), fields.ReadOptionalNames("countries"), fields.ReadOptionalNames("sectors"),
        fields.ReadOptionalNames("counterpartyKinds"), fields.ReadOptionalNames("excludedCounterparties"),
        fields.ReadOptionalNames("excludedLists"));
}
