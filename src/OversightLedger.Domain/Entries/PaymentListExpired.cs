namespace OversightLedger.Domain.Entries;

/// <summary>A payment list waited its whole time without a vetting; none of its rows will be paid: <c>budget, program, list</c>.</summary>
public sealed record PaymentListExpired : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "PaymentListExpired";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public PaymentListExpired(string id, DateTimeOffset time, string budget, string program, string list)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Program = FieldFormat.Identifier(program, nameof(program));
        List = FieldFormat.Identifier(list, nameof(list));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The program id.</summary>
    public string Program { get; }

    /// <summary>The list id.</summary>
    public string List { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("program", Program)
        .WriteString("list", List);

    internal static PaymentListExpired Read(EntryFieldReader fields) =>
        new(fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("program"), fields.ReadString("list"));
}
