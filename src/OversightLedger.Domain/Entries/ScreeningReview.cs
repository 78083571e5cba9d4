namespace OversightLedger.Domain.Entries;

/// <summary>
/// A compliance reviewer's decision on a counterparty's screening hit (<see cref="ScreeningCleared"/> or
/// <see cref="ScreeningConfirmed"/>): <c>by, counterparty, lists, reasonSha256, score</c> — the list versions and the score
/// of the screening reviewed, and the SHA-256 of the reviewer's reason (the reason itself may name people and stays off
/// the log). The id is <see cref="EntryIds.ScreeningReviewed"/>, shared by both kinds, so a screening is reviewed once.
/// </summary>
public abstract record ScreeningReview : LedgerEntry
{
    /// <summary>Creates the entry; <paramref name="id"/> must be <see cref="EntryIds.ScreeningReviewed"/>.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    private protected ScreeningReview(string id, DateTimeOffset time, string counterparty, string by, NameSet lists, decimal score, string reasonSha256)
        : base(id, time)
    {
        Counterparty = FieldFormat.Identifier(counterparty, nameof(counterparty));
        By = FieldFormat.Identifier(by, nameof(by));
        Lists = FieldFormat.Identifiers(lists, nameof(lists));
        if (Lists.Count == 0)
        {
            throw new ArgumentException("'lists' must name at least one list version", nameof(lists));
        }

        if (Id != EntryIds.ScreeningReviewed(Counterparty, Lists))
        {
            throw new ArgumentException($"'id' of this review must be '{EntryIds.ScreeningReviewed(Counterparty, Lists)}', not '{Id}'", nameof(id));
        }

        Score = FieldFormat.Score(score, nameof(score));
        ReasonSha256 = FieldFormat.Sha256Hex(reasonSha256, nameof(reasonSha256));
    }

    /// <summary>The counterparty id.</summary>
    public string Counterparty { get; }

    /// <summary>The compliance key's principal that reviewed it.</summary>
    public string By { get; }

    /// <summary>The list versions of the screening reviewed.</summary>
    public NameSet Lists { get; }

    /// <summary>The score of the screening reviewed.</summary>
    public decimal Score { get; }

    /// <summary>The lower-case hex SHA-256 of the reviewer's reason (UTF-8).</summary>
    public string ReasonSha256 { get; }

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("counterparty", Counterparty)
        .WriteString("by", By)
        .WriteStringArray("lists", Lists)
        .WriteString("score", FieldFormat.FormatScore(Score))
        .WriteString("reasonSha256", ReasonSha256);

    /// <summary>Reads the fields both kinds share and builds the kind with <paramref name="create"/>.</summary>
    private protected static TReview Read<TReview>(EntryFieldReader fields, Func<string, DateTimeOffset, string, string, NameSet, decimal, string, TReview> create) => create(
        fields.Id, fields.Time, fields.ReadString("counterparty"), fields.ReadString("by"), fields.ReadNames("lists"),
        fields.ReadScore("score"), fields.ReadString("reasonSha256"));
}
