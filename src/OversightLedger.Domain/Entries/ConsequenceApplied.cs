namespace OversightLedger.Domain.Entries;

/// <summary>
/// A step of the budget's consequence ladder applied, answering a failed or missed review:
/// <c>action, budget, review, step, tranches</c>. <c>review</c> is the id of the <see cref="ReviewClosed"/> entry it
/// answers; <c>tranches</c> the tranches it pauses or freezes (may be empty when none is left to hold).
/// </summary>
public sealed record ConsequenceApplied : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "ConsequenceApplied";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public ConsequenceApplied(string id, DateTimeOffset time, string budget, int step, ConsequenceAction action, NameSet tranches, string review)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Step = step is >= 1 and <= ConsequenceLadder.MaxSteps
            ? step
            : throw new ArgumentException($"'step' must be from 1 to {ConsequenceLadder.MaxSteps}", nameof(step));
        Action = Enum.IsDefined(action) ? action : throw new ArgumentException("not a consequence action", nameof(action));
        Tranches = FieldFormat.Identifiers(tranches, nameof(tranches));
        Review = FieldFormat.EntryId(review, nameof(review));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The step's number in the ladder, from 1.</summary>
    public int Step { get; }

    /// <summary>What it does.</summary>
    public ConsequenceAction Action { get; }

    /// <summary>The tranches it holds (paused or frozen).</summary>
    public NameSet Tranches { get; }

    /// <summary>The id of the failed or missed <see cref="ReviewClosed"/> entry it answers.</summary>
    public string Review { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteInteger("step", Step)
        .WriteString("action", ConsequenceActions.NameOf(Action))
        .WriteStringArray("tranches", Tranches)
        .WriteString("review", Review);

    internal static ConsequenceApplied Read(EntryFieldReader fields)
    {
        string actionName = fields.ReadString("action");
        long step = fields.ReadInteger("step");
        return ConsequenceActions.TryParse(actionName, out ConsequenceAction? action)
            ? new(fields.Id, fields.Time, fields.ReadString("budget"), step is >= 1 and <= ConsequenceLadder.MaxSteps ? (int)step : 0, action.Value, fields.ReadNames("tranches"), fields.ReadString("review"))
            : throw new FormatException($"field 'action': '{actionName}' is not {ConsequenceActions.PauseNextTranche} or {ConsequenceActions.FreezeUnreleased}");
    }
}
