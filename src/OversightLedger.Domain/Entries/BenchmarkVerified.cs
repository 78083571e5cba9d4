namespace OversightLedger.Domain.Entries;

/// <summary>
/// An independent verifier attests a tranche's benchmark:
/// <c>benchmark, budget, evidenceSha256, tranche, value (optional), verifiedOn, verifier</c>.
/// </summary>
public sealed record BenchmarkVerified : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "BenchmarkVerified";

    /// <summary>Creates the entry; a null <paramref name="value"/> (a bare benchmark's verification, as every entry before issue 15) is left out of the JSON.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public BenchmarkVerified(
        string id, DateTimeOffset time, string budget, string tranche, string benchmark, string verifier, string evidenceSha256, DateOnly verifiedOn, decimal? value = null)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Tranche = FieldFormat.Identifier(tranche, nameof(tranche));
        Benchmark = FieldFormat.Identifier(benchmark, nameof(benchmark));
        Verifier = FieldFormat.Identifier(verifier, nameof(verifier));
        EvidenceSha256 = FieldFormat.Sha256Hex(evidenceSha256, nameof(evidenceSha256));
        VerifiedOn = verifiedOn;
        Value = value is { } measured ? IndicatorValue.Checked(measured, nameof(value)) : null;
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The tranche id.</summary>
    public string Tranche { get; }

    /// <summary>The benchmark id, one of the tranche's benchmarks.</summary>
    public string Benchmark { get; }

    /// <summary>Who verified (an organisation or key id; never the budget owner).</summary>
    public string Verifier { get; }

    /// <summary>The SHA-256 of the evidence file, 64 lower-case hex digits.</summary>
    public string EvidenceSha256 { get; }

    /// <summary>The date of the verification.</summary>
    public DateOnly VerifiedOn { get; }

    /// <summary>The measured value of the benchmark's indicator, in its unit; null when none was recorded.</summary>
    public decimal? Value { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json)
    {
        json.WriteString("budget", Budget)
            .WriteString("tranche", Tranche)
            .WriteString("benchmark", Benchmark)
            .WriteString("verifier", Verifier)
            .WriteString("evidenceSha256", EvidenceSha256)
            .WriteString("verifiedOn", EntryTime.Format(VerifiedOn));
        if (Value is { } value)
        {
            json.WriteString("value", IndicatorValue.Format(value));
        }
    }

    internal static BenchmarkVerified Read(EntryFieldReader fields) => new(
        fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("tranche"), fields.ReadString("benchmark"),
        fields.ReadString("verifier"), fields.ReadString("evidenceSha256"), fields.ReadDate("verifiedOn"),
        fields.ReadOptionalIndicatorValue("value"));
}
