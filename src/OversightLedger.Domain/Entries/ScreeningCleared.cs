namespace OversightLedger.Domain.Entries;

/// <summary>A compliance reviewer cleared a counterparty's hit as a false positive: payments to it may resume (fields: <see cref="ScreeningReview"/>).</summary>
public sealed record ScreeningCleared : ScreeningReview
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "ScreeningCleared";

    /// <summary>Creates the entry; <paramref name="id"/> must be <see cref="EntryIds.ScreeningReviewed"/>.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public ScreeningCleared(string id, DateTimeOffset time, string counterparty, string by, NameSet lists, decimal score, string reasonSha256)
        : base(id, time, counterparty, by, lists, score, reasonSha256)
    {
    }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal static ScreeningCleared Read(EntryFieldReader fields) => Read(fields, (id, time, counterparty, by, lists, score, reason) => new ScreeningCleared(id, time, counterparty, by, lists, score, reason));
}
