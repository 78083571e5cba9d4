namespace OversightLedger.Domain.Entries;

/// <summary>The explicit, logged end of a freeze: <c>budget, reason</c>.</summary>
public sealed record BudgetUnfrozen : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "BudgetUnfrozen";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public BudgetUnfrozen(string id, DateTimeOffset time, string budget, string reason)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Reason = FieldFormat.Text(reason, nameof(reason));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>Why.</summary>
    public string Reason { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("reason", Reason);

    internal static BudgetUnfrozen Read(EntryFieldReader fields) =>
        new(fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("reason"));
}
