namespace OversightLedger.Domain.Entries;

/// <summary>
/// A scheduled review of a benchmark closed after its window (the daily <c>benchmark-reviews</c> job records it):
/// <c>benchmark, budget, outcome (passed | failed | missed), review, tranche</c>. The outcome is what the verifications
/// dated inside the window give by <c>BenchmarkRule</c>; replay recomputes it.
/// </summary>
/// <remarks>
/// One kind with an outcome rather than three kinds (ReviewPassed, ReviewFailed, ReviewMissed): the three share every
/// field and one rule, as a finding's resolution does (<see cref="FindingResolved"/>).
/// </remarks>
public sealed record ReviewClosed : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "ReviewClosed";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public ReviewClosed(string id, DateTimeOffset time, string budget, string tranche, string benchmark, int review, ReviewOutcome outcome)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Tranche = FieldFormat.Identifier(tranche, nameof(tranche));
        Benchmark = FieldFormat.Identifier(benchmark, nameof(benchmark));
        Review = review is >= 1 and <= ReviewCadences.MaxHorizonMonths
            ? review
            : throw new ArgumentException($"'review' must be from 1 to {ReviewCadences.MaxHorizonMonths}", nameof(review));
        Outcome = Enum.IsDefined(outcome) ? outcome : throw new ArgumentException("'outcome' must be passed, failed or missed", nameof(outcome));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The tranche id.</summary>
    public string Tranche { get; }

    /// <summary>The benchmark id.</summary>
    public string Benchmark { get; }

    /// <summary>The review's number in the benchmark's schedule, from 1.</summary>
    public int Review { get; }

    /// <summary>How it closed.</summary>
    public ReviewOutcome Outcome { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("tranche", Tranche)
        .WriteString("benchmark", Benchmark)
        .WriteInteger("review", Review)
        .WriteString("outcome", ReviewOutcomes.NameOf(Outcome));

    internal static ReviewClosed Read(EntryFieldReader fields)
    {
        string outcomeName = fields.ReadString("outcome");
        return ReviewOutcomes.TryParse(outcomeName, out ReviewOutcome? outcome)
            ? new(fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("tranche"), fields.ReadString("benchmark"), ReviewOpened.ReadReviewNumber(fields), outcome.Value)
            : throw new FormatException($"field 'outcome': '{outcomeName}' is not passed, failed or missed");
    }
}
