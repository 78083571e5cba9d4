namespace OversightLedger.Domain.Entries;

/// <summary>The budget owner moves an exemption's sunset later (a logged act): <c>budget, exemption, sunset</c>.</summary>
public sealed record ExemptionRenewed : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "ExemptionRenewed";

    /// <summary>Creates the entry; the sunset is kept in UTC whole seconds.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public ExemptionRenewed(string id, DateTimeOffset time, string budget, string exemption, DateTimeOffset sunset)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Exemption = FieldFormat.Identifier(exemption, nameof(exemption));
        Sunset = EntryTime.ToWholeSeconds(sunset);
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The exemption id.</summary>
    public string Exemption { get; }

    /// <summary>The new sunset (UTC).</summary>
    public DateTimeOffset Sunset { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("exemption", Exemption)
        .WriteString("sunset", EntryTime.Format(Sunset));

    internal static ExemptionRenewed Read(EntryFieldReader fields) =>
        new(fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("exemption"), fields.ReadTime("sunset"));
}
