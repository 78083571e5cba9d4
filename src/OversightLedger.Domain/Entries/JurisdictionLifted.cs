namespace OversightLedger.Domain.Entries;

/// <summary>
/// An admin or a ledger-wide compliance key lifted the sanctions on a jurisdiction, from the entry's time on:
/// <c>by, country, reference</c>. From then disbursements into the country need no licence again. The id is
/// <see cref="EntryIds.JurisdictionLifted"/>.
/// </summary>
public sealed record JurisdictionLifted : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "JurisdictionLifted";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public JurisdictionLifted(string id, DateTimeOffset time, string country, string reference, string by)
        : base(id, time)
    {
        Country = FieldFormat.CountryCode(country, nameof(country));
        Reference = FieldFormat.Text(reference, nameof(reference));
        By = FieldFormat.Identifier(by, nameof(by));
    }

    /// <summary>The ISO 3166-1 alpha-2 code of the country.</summary>
    public string Country { get; }

    /// <summary>The act that lifted them, e.g. <c>EO 14312</c>.</summary>
    public string Reference { get; }

    /// <summary>The key principal that recorded it.</summary>
    public string By { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("country", Country)
        .WriteString("reference", Reference)
        .WriteString("by", By);

    internal static JurisdictionLifted Read(EntryFieldReader fields) =>
        new(fields.Id, fields.Time, fields.ReadString("country"), fields.ReadString("reference"), fields.ReadString("by"));
}
