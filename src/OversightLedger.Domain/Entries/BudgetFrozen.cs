namespace OversightLedger.Domain.Entries;

/// <summary>
/// Snap-back: the budget's non-humanitarian tranches take no new reservations: <c>budget, finding (optional), reason</c>.
/// </summary>
public sealed record BudgetFrozen : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "BudgetFrozen";

    /// <summary>Creates the entry; a null <paramref name="finding"/> is left out of the JSON.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public BudgetFrozen(string id, DateTimeOffset time, string budget, string reason, string? finding = null)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Reason = FieldFormat.Text(reason, nameof(reason));
        Finding = finding is null ? null : FieldFormat.Identifier(finding, nameof(finding));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>Why.</summary>
    public string Reason { get; }

    /// <summary>The confirmed finding that triggered the snap-back, if any.</summary>
    public string? Finding { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json)
    {
        json.WriteString("budget", Budget).WriteString("reason", Reason);
        if (Finding is not null)
        {
            json.WriteString("finding", Finding);
        }
    }

    internal static BudgetFrozen Read(EntryFieldReader fields) =>
        new(fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("reason"), fields.ReadOptionalString("finding"));
}
