namespace OversightLedger.Domain.Entries;

/// <summary>
/// Records that a licence reached its expiry (as amended) without a later amendment: <c>expires, licence</c>. The rule
/// itself follows the dates; this entry is the daily job's record of it. The id is <see cref="EntryIds.LicenceExpired"/>:
/// once per expiry.
/// </summary>
public sealed record LicenceExpired : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "LicenceExpired";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public LicenceExpired(string id, DateTimeOffset time, string licence, DateTimeOffset expires)
        : base(id, time)
    {
        Licence = FieldFormat.Identifier(licence, nameof(licence));
        Expires = EntryTime.ToWholeSeconds(expires);
    }

    /// <summary>The licence id.</summary>
    public string Licence { get; }

    /// <summary>The expiry that passed.</summary>
    public DateTimeOffset Expires { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("licence", Licence)
        .WriteString("expires", EntryTime.Format(Expires));

    internal static LicenceExpired Read(EntryFieldReader fields) =>
        new(fields.Id, fields.Time, fields.ReadString("licence"), fields.ReadTime("expires"));
}
