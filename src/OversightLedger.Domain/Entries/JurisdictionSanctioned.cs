namespace OversightLedger.Domain.Entries;

/// <summary>
/// An admin or a ledger-wide compliance key declared a country a sanctioned jurisdiction, from the entry's time on:
/// <c>by, country, reference</c>. From then a disbursement from a budget whose recipient country it is must fall inside a
/// licence in force attached to the budget (DESIGN §5.10). The id is <see cref="EntryIds.JurisdictionSanctioned"/>.
/// </summary>
public sealed record JurisdictionSanctioned : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "JurisdictionSanctioned";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public JurisdictionSanctioned(string id, DateTimeOffset time, string country, string reference, string by)
        : base(id, time)
    {
        Country = FieldFormat.CountryCode(country, nameof(country));
        Reference = FieldFormat.Text(reference, nameof(reference));
        By = FieldFormat.Identifier(by, nameof(by));
    }

    /// <summary>The ISO 3166-1 alpha-2 code of the country.</summary>
    public string Country { get; }

    /// <summary>The legal basis, e.g. <c>31 CFR part 542 (Syrian Sanctions Regulations)</c>.</summary>
    public string Reference { get; }

    /// <summary>The key principal that declared it.</summary>
    public string By { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("country", Country)
        .WriteString("reference", Reference)
        .WriteString("by", By);

    internal static JurisdictionSanctioned Read(EntryFieldReader fields) =>
        new(fields.Id, fields.Time, fields.ReadString("country"), fields.ReadString("reference"), fields.ReadString("by"));
}
