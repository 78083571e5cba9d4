namespace OversightLedger.Domain.Entries;

using OversightLedger.Domain.Money;

/// <summary>
/// The budget owner adds a tranche and the benchmarks that unlock it:
/// <c>amount, benchmarks, budget, currency, humanitarian, tranche</c>.
/// </summary>
public sealed record TrancheAdded : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "TrancheAdded";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public TrancheAdded(string id, DateTimeOffset time, string budget, string tranche, Money amount, bool humanitarian, NameSet benchmarks)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Tranche = FieldFormat.Identifier(tranche, nameof(tranche));
        Amount = FieldFormat.NotNull(amount, nameof(amount));
        Humanitarian = humanitarian;
        Benchmarks = FieldFormat.Identifiers(benchmarks, nameof(benchmarks));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The tranche id, unique within the budget.</summary>
    public string Tranche { get; }

    /// <summary>The planned amount: the most the tranche can release.</summary>
    public Money Amount { get; }

    /// <summary>Whether the tranche funds humanitarian-exempt activities (usable while frozen, under an exemption in force).</summary>
    public bool Humanitarian { get; }

    /// <summary>The benchmarks that must all be verified before release (may be empty).</summary>
    public NameSet Benchmarks { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("tranche", Tranche)
        .WriteString("currency", Amount.Currency.Code)
        .WriteString("amount", Amount.ToDecimalString())
        .WriteBoolean("humanitarian", Humanitarian)
        .WriteStringArray("benchmarks", Benchmarks);

    internal static TrancheAdded Read(EntryFieldReader fields)
    {
        Currency currency = fields.ReadCurrency("currency");
        return new(
            fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("tranche"), fields.ReadMoney("amount", currency),
            fields.ReadBoolean("humanitarian"), fields.ReadNames("benchmarks"));
    }
}
