namespace OversightLedger.Domain.Entries;

/// <summary>Records that an exemption's sunset has passed without renewal: <c>budget, exemption</c>.</summary>
public sealed record ExemptionExpired : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "ExemptionExpired";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public ExemptionExpired(string id, DateTimeOffset time, string budget, string exemption)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Exemption = FieldFormat.Identifier(exemption, nameof(exemption));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The exemption id.</summary>
    public string Exemption { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("exemption", Exemption);

    internal static ExemptionExpired Read(EntryFieldReader fields) =>
        new(fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("exemption"));
}
