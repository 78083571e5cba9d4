namespace OversightLedger.Domain.Entries;

/// <summary>
/// An admin or a ledger-wide compliance key lifted the sanctions on a jurisdiction, from the entry's time on:
/// <c>by, country, reference</c> (the act that lifted them, e.g. <c>EO 14312</c>). From then disbursements into the
/// country need no licence again. The id is <see cref="EntryIds.JurisdictionLifted"/>.
/// </summary>
public sealed record JurisdictionLifted : JurisdictionAct
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "JurisdictionLifted";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public JurisdictionLifted(string id, DateTimeOffset time, string country, string reference, string by)
        : base(id, time, country, reference, by)
    {
    }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal static JurisdictionLifted Read(EntryFieldReader fields) => Read(fields, (id, time, country, reference, by) => new JurisdictionLifted(id, time, country, reference, by));
}
