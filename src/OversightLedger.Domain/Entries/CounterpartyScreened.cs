namespace OversightLedger.Domain.Entries;

/// <summary>
/// A counterparty was screened against the loaded sanctions lists: <c>counterparty, hit, lists, matchedEntry (on a
/// hit), score</c>. <c>lists</c> names each list version (<c>&lt;source&gt;:&lt;sha256&gt;</c>); <c>matchedEntry</c> is the
/// list's own id of the best-matching entry (<c>OFAC-SDN:36</c>), never its name; <c>score</c> the best score. The id is
/// <see cref="EntryIds.CounterpartyScreened"/>: once per counterparty and set of list versions.
/// </summary>
public sealed record CounterpartyScreened : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "CounterpartyScreened";

    /// <summary>Creates the entry; <paramref name="id"/> must be <see cref="EntryIds.CounterpartyScreened"/>.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public CounterpartyScreened(string id, DateTimeOffset time, string counterparty, NameSet lists, decimal score, bool hit, string? matchedEntry)
        : base(id, time)
    {
        Counterparty = FieldFormat.Identifier(counterparty, nameof(counterparty));
        Lists = FieldFormat.Identifiers(lists, nameof(lists));
        if (Lists.Count == 0)
        {
            throw new ArgumentException("'lists' must name at least one list version", nameof(lists));
        }

        if (Id != EntryIds.CounterpartyScreened(Counterparty, Lists))
        {
            throw new ArgumentException($"'id' of this screening must be '{EntryIds.CounterpartyScreened(Counterparty, Lists)}', not '{Id}'", nameof(id));
        }

        Score = FieldFormat.Score(score, nameof(score));
        Hit = hit;
        MatchedEntry = hit
            ? FieldFormat.Identifier(matchedEntry, nameof(matchedEntry))
            : matchedEntry is null ? null : throw new ArgumentException("'matchedEntry' is written only on a hit", nameof(matchedEntry));
    }

    /// <summary>The counterparty id.</summary>
    public string Counterparty { get; }

    /// <summary>The list versions screened against, <c>&lt;source&gt;:&lt;sha256&gt;</c>.</summary>
    public NameSet Lists { get; }

    /// <summary>The best score any list entry reached, from 0 to 1.</summary>
    public decimal Score { get; }

    /// <summary>Whether the best score reached the threshold: payments are blocked until a review clears it.</summary>
    public bool Hit { get; }

    /// <summary>On a hit, the list's id of the matched entry (<c>&lt;source&gt;:&lt;list uid&gt;</c>); never a name.</summary>
    public string? MatchedEntry { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json)
    {
        json.WriteString("counterparty", Counterparty)
            .WriteStringArray("lists", Lists)
            .WriteString("score", FieldFormat.FormatScore(Score))
            .WriteBoolean("hit", Hit);
        if (MatchedEntry is not null)
        {
            json.WriteString("matchedEntry", MatchedEntry);
        }
    }

    internal static CounterpartyScreened Read(EntryFieldReader fields) => new(
        fields.Id, fields.Time, fields.ReadString("counterparty"), fields.ReadNames("lists"), fields.ReadScore("score"),
        fields.ReadBoolean("hit"), fields.ReadOptionalString("matchedEntry"));
}
