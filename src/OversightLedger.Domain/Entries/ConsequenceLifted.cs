namespace OversightLedger.Domain.Entries;

/// <summary>
/// The budget owner's logged act undoing an applied step of the consequence ladder, after a passed review:
/// <c>budget, liftedBy, reason, review, step</c>. <c>review</c> is the id of the passed <see cref="ReviewClosed"/> entry,
/// recorded after the step, that the lift relies on.
/// </summary>
public sealed record ConsequenceLifted : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "ConsequenceLifted";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public ConsequenceLifted(string id, DateTimeOffset time, string budget, int step, string reason, string review, string liftedBy)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Step = step is >= 1 and <= ConsequenceLadder.MaxSteps
            ? step
            : throw new ArgumentException($"'step' must be from 1 to {ConsequenceLadder.MaxSteps}", nameof(step));
        Reason = FieldFormat.Text(reason, nameof(reason));
        Review = FieldFormat.EntryId(review, nameof(review));
        LiftedBy = FieldFormat.Identifier(liftedBy, nameof(liftedBy));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The number of the step lifted.</summary>
    public int Step { get; }

    /// <summary>Why.</summary>
    public string Reason { get; }

    /// <summary>The id of the passed <see cref="ReviewClosed"/> entry the lift relies on.</summary>
    public string Review { get; }

    /// <summary>The key that lifted it: the budget's owner.</summary>
    public string LiftedBy { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteInteger("step", Step)
        .WriteString("reason", Reason)
        .WriteString("review", Review)
        .WriteString("liftedBy", LiftedBy);

    internal static ConsequenceLifted Read(EntryFieldReader fields)
    {
        long step = fields.ReadInteger("step");
        return new(
            fields.Id, fields.Time, fields.ReadString("budget"), step is >= 1 and <= ConsequenceLadder.MaxSteps ? (int)step : 0, fields.ReadString("reason"),
            fields.ReadString("review"), fields.ReadString("liftedBy"));
    }
}
