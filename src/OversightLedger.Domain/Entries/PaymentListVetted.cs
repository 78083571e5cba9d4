namespace OversightLedger.Domain.Entries;

/// <summary>
/// A registered vetting body's decision on a payment list: every row of it either approved or refused with a reason code.
/// Rows are named by the agency's own row ids — the ids its disbursements carry in the log anyway — never by beneficiary:
/// <c>budget, program, list, vetter, approved, refused</c> (each refusal written <c>row=reason</c>).
/// </summary>
public sealed record PaymentListVetted : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "PaymentListVetted";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public PaymentListVetted(
        string id, DateTimeOffset time, string budget, string program, string list, string vetter, NameSet approved, IReadOnlyDictionary<string, string> refused)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Program = FieldFormat.Identifier(program, nameof(program));
        List = FieldFormat.Identifier(list, nameof(list));
        Vetter = FieldFormat.Identifier(vetter, nameof(vetter));
        Approved = RowIds(approved, nameof(approved));
        ArgumentNullException.ThrowIfNull(refused);
        SortedDictionary<string, string> refusals = new(StringComparer.Ordinal);
        foreach ((string row, string reason) in refused)
        {
            FieldFormat.Identifier(row, nameof(refused));
            refusals.Add(
                row,
                RowRefusalReasons.IsKnown(reason) ? reason : throw new ArgumentException($"'refused' reasons must be one of {string.Join(", ", RowRefusalReasons.All)}", nameof(refused)));
        }

        if (Approved.Count + refusals.Count is 0 or > PaymentListSubmitted.MaxRows)
        {
            throw new ArgumentException($"a vetting names from 1 to {PaymentListSubmitted.MaxRows} rows", nameof(approved));
        }

        if (refusals.Keys.Any(Approved.Contains))
        {
            throw new ArgumentException("a row is either approved or refused, not both", nameof(refused));
        }

        Refused = refusals;
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The program id.</summary>
    public string Program { get; }

    /// <summary>The list id.</summary>
    public string List { get; }

    /// <summary>The vetting body's key principal.</summary>
    public string Vetter { get; }

    /// <summary>The row ids approved for payment.</summary>
    public NameSet Approved { get; }

    /// <summary>The row ids refused, each with its reason code, in ordinal order of the row id.</summary>
    public IReadOnlyDictionary<string, string> Refused { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <inheritdoc/>
    public bool Equals(PaymentListVetted? other) =>
        other is not null && base.Equals(other) && Budget == other.Budget && Program == other.Program && List == other.List && Vetter == other.Vetter
        && Approved == other.Approved && Refused.Count == other.Refused.Count && Refused.All(r => other.Refused.TryGetValue(r.Key, out string? reason) && reason == r.Value);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Budget, Program, List, Vetter, Approved, Refused.Count);

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("program", Program)
        .WriteString("list", List)
        .WriteString("vetter", Vetter)
        .WriteStringArray("approved", Approved)
        .WriteStringArray("refused", Refused.Select(r => r.Key + "=" + r.Value));

    internal static PaymentListVetted Read(EntryFieldReader fields)
    {
        string budget = fields.ReadString("budget"), program = fields.ReadString("program"), list = fields.ReadString("list"), vetter = fields.ReadString("vetter");
        NameSet approved = fields.ReadNames("approved");
        Dictionary<string, string> refused = new(StringComparer.Ordinal);
        foreach (string item in fields.ReadNames("refused"))
        {
            // A reason code holds no '=': the last one ends the row id, whatever the row id holds.
            int equals = item.LastIndexOf('=');
            if (equals < 0 || !refused.TryAdd(item[..equals], item[(equals + 1)..]))
            {
                throw new ArgumentException("'refused' items are written row=reason, each row once", "refused");
            }
        }

        return new(fields.Id, fields.Time, budget, program, list, vetter, approved, refused);
    }

    private static NameSet RowIds(NameSet? rows, string field)
    {
        FieldFormat.NotNull(rows, field);
        foreach (string row in rows!)
        {
            FieldFormat.Identifier(row, field);
        }

        return rows;
    }
}
