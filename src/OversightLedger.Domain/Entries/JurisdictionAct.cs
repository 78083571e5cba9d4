namespace OversightLedger.Domain.Entries;

/// <summary>
/// An admin's or a ledger-wide compliance key's act on a country's sanctions status, from the entry's time on
/// (<see cref="JurisdictionSanctioned"/> or <see cref="JurisdictionLifted"/>): <c>by, country, reference</c>.
/// </summary>
public abstract record JurisdictionAct : LedgerEntry
{
    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    private protected JurisdictionAct(string id, DateTimeOffset time, string country, string reference, string by)
        : base(id, time)
    {
        Country = FieldFormat.CountryCode(country, nameof(country));
        Reference = FieldFormat.Text(reference, nameof(reference));
        By = FieldFormat.Identifier(by, nameof(by));
    }

    /// <summary>The ISO 3166-1 alpha-2 code of the country.</summary>
    public string Country { get; }

    /// <summary>The legal act it rests on: the sanctions' basis, or the act that lifted them.</summary>
    public string Reference { get; }

    /// <summary>The key principal that recorded it.</summary>
    public string By { get; }

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("country", Country)
        .WriteString("reference", Reference)
        .WriteString("by", By);

    /// <summary>Reads the fields both kinds share and builds the kind with <paramref name="create"/>.</summary>
    private protected static TAct Read<TAct>(EntryFieldReader fields, Func<string, DateTimeOffset, string, string, string, TAct> create) =>
        create(fields.Id, fields.Time, fields.ReadString("country"), fields.ReadString("reference"), fields.ReadString("by"));
}
