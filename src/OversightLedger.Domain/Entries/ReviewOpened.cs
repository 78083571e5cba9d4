using System.Globalization;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// A scheduled review of a benchmark opened (the daily <c>benchmark-reviews</c> job records it on or after the day its
/// window opens): <c>benchmark, budget, closesOn, opensOn, review, tranche</c>.
/// </summary>
public sealed record ReviewOpened : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "ReviewOpened";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public ReviewOpened(string id, DateTimeOffset time, string budget, string tranche, string benchmark, int review, DateOnly opensOn, DateOnly closesOn)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Tranche = FieldFormat.Identifier(tranche, nameof(tranche));
        Benchmark = FieldFormat.Identifier(benchmark, nameof(benchmark));
        Review = review is >= 1 and <= ReviewCadences.MaxHorizonMonths
            ? review
            : throw new ArgumentException($"'review' must be from 1 to {ReviewCadences.MaxHorizonMonths}", nameof(review));
        OpensOn = opensOn;
        ClosesOn = closesOn >= opensOn ? closesOn : throw new ArgumentException("'closesOn' must not be before 'opensOn'", nameof(closesOn));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The tranche id.</summary>
    public string Tranche { get; }

    /// <summary>The benchmark id.</summary>
    public string Benchmark { get; }

    /// <summary>The review's number in the benchmark's schedule, from 1.</summary>
    public int Review { get; }

    /// <summary>The first day of the window (inclusive).</summary>
    public DateOnly OpensOn { get; }

    /// <summary>The last day of the window (inclusive).</summary>
    public DateOnly ClosesOn { get; }

    /// <summary>The window this entry records.</summary>
    public ReviewWindow Window => new(Review, OpensOn, ClosesOn);

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("tranche", Tranche)
        .WriteString("benchmark", Benchmark)
        .WriteInteger("review", Review)
        .WriteString("opensOn", EntryTime.Format(OpensOn))
        .WriteString("closesOn", EntryTime.Format(ClosesOn));

    internal static ReviewOpened Read(EntryFieldReader fields) => new(
        fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("tranche"), fields.ReadString("benchmark"),
        ReadReviewNumber(fields), fields.ReadDate("opensOn"), fields.ReadDate("closesOn"));

    /// <summary>Reads a review number, refusing one outside 1 to <see cref="ReviewCadences.MaxHorizonMonths"/>.</summary>
    internal static int ReadReviewNumber(EntryFieldReader fields)
    {
        long review = fields.ReadInteger("review");
        return review is >= 1 and <= ReviewCadences.MaxHorizonMonths
            ? (int)review
            : throw new FormatException($"field 'review' must be from 1 to {ReviewCadences.MaxHorizonMonths.ToString(CultureInfo.InvariantCulture)}");
    }
}
