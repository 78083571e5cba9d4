namespace OversightLedger.Domain.Entries;

/// <summary>
/// A licence was attached to a budget as one of its terms: <c>budget, by, licence</c>. A disbursement from the budget into a
/// sanctioned jurisdiction must fall inside one of its attached licences in force. The id is
/// <see cref="EntryIds.LicenceAttached"/>: a licence is attached to a budget once.
/// </summary>
public sealed record LicenceAttached : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "LicenceAttached";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public LicenceAttached(string id, DateTimeOffset time, string licence, string budget, string by)
        : base(id, time)
    {
        Licence = FieldFormat.Identifier(licence, nameof(licence));
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        By = FieldFormat.Identifier(by, nameof(by));
    }

    /// <summary>The licence id.</summary>
    public string Licence { get; }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The key principal that attached it (the budget's owner or an admin).</summary>
    public string By { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("licence", Licence)
        .WriteString("budget", Budget)
        .WriteString("by", By);

    internal static LicenceAttached Read(EntryFieldReader fields) =>
        new(fields.Id, fields.Time, fields.ReadString("licence"), fields.ReadString("budget"), fields.ReadString("by"));
}
