namespace OversightLedger.Domain.Entries;

/// <summary>
/// The budget owner settles a contested benchmark, with a reason: <c>benchmark, budget, decidedBy, outcome (<c>met</c> or <c>not-met</c>), reason, tranche</c>.
/// </summary>
public sealed record BenchmarkDecided : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "BenchmarkDecided";

    /// <summary>The outcome written for a benchmark decided met.</summary>
    public const string MetOutcome = "met";

    /// <summary>The outcome written for a benchmark decided not met.</summary>
    public const string NotMetOutcome = "not-met";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public BenchmarkDecided(string id, DateTimeOffset time, string budget, string tranche, string benchmark, bool met, string reason, string decidedBy)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Tranche = FieldFormat.Identifier(tranche, nameof(tranche));
        Benchmark = FieldFormat.Identifier(benchmark, nameof(benchmark));
        Met = met;
        Reason = FieldFormat.Text(reason, nameof(reason));
        DecidedBy = FieldFormat.Identifier(decidedBy, nameof(decidedBy));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The tranche id.</summary>
    public string Tranche { get; }

    /// <summary>The benchmark id.</summary>
    public string Benchmark { get; }

    /// <summary>Whether the owner decided the benchmark is met (true) or not met (false).</summary>
    public bool Met { get; }

    /// <summary>Why (a public text or the SHA-256 of a document; no personal data).</summary>
    public string Reason { get; }

    /// <summary>The owner's key principal, so that the log alone shows the decision is the owner's.</summary>
    public string DecidedBy { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("tranche", Tranche)
        .WriteString("benchmark", Benchmark)
        .WriteString("outcome", Met ? MetOutcome : NotMetOutcome)
        .WriteString("reason", Reason)
        .WriteString("decidedBy", DecidedBy);

    internal static BenchmarkDecided Read(EntryFieldReader fields)
    {
        string outcome = fields.ReadString("outcome");
        bool met = outcome switch
        {
            MetOutcome => true,
            NotMetOutcome => false,
            _ => throw new FormatException($"field 'outcome': '{outcome}' is not met or not-met"),
        };
        return new(
            fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("tranche"), fields.ReadString("benchmark"),
            met, fields.ReadString("reason"), fields.ReadString("decidedBy"));
    }
}
