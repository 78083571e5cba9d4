namespace OversightLedger.Domain.Entries;

/// <summary>
/// An admin or a ledger-wide compliance key declared a country a sanctioned jurisdiction, from the entry's time on:
/// <c>by, country, reference</c> (the legal basis, e.g. <c>31 CFR part 542 (Syrian Sanctions Regulations)</c>). From then
/// a disbursement from a budget whose recipient country it is must fall inside a licence in force attached to the budget
/// (DESIGN §5.10). The id is <see cref="EntryIds.JurisdictionSanctioned"/>.
/// </summary>
public sealed record JurisdictionSanctioned : JurisdictionAct
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "JurisdictionSanctioned";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public JurisdictionSanctioned(string id, DateTimeOffset time, string country, string reference, string by)
        : base(id, time, country, reference, by)
    {
    }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal static JurisdictionSanctioned Read(EntryFieldReader fields) => Read(fields, (id, time, country, reference, by) => new JurisdictionSanctioned(id, time, country, reference, by));
}
