namespace OversightLedger.Domain.Entries;

using OversightLedger.Domain.Money;

/// <summary>
/// The budget owner releases a tranche, relying on the verifications of its benchmarks:
/// <c>amount, budget, currency, releasedBy, tranche, verifications</c>.
/// </summary>
public sealed record TrancheReleased : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "TrancheReleased";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public TrancheReleased(string id, DateTimeOffset time, string budget, string tranche, Money amount, NameSet verifications, string releasedBy)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Tranche = FieldFormat.Identifier(tranche, nameof(tranche));
        Amount = FieldFormat.NotNull(amount, nameof(amount));
        Verifications = FieldFormat.Identifiers(verifications, nameof(verifications));
        ReleasedBy = FieldFormat.Identifier(releasedBy, nameof(releasedBy));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The tranche id.</summary>
    public string Tranche { get; }

    /// <summary>The amount released: from now on disbursements may draw on it.</summary>
    public Money Amount { get; }

    /// <summary>The benchmark ids whose recorded verifications the release relies on (all the tranche's benchmarks).</summary>
    public NameSet Verifications { get; }

    /// <summary>The key id that released the tranche: it must be the budget owner, and the auditor's replay checks it.</summary>
    public string ReleasedBy { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("tranche", Tranche)
        .WriteString("currency", Amount.Currency.Code)
        .WriteString("amount", Amount.ToDecimalString())
        .WriteStringArray("verifications", Verifications)
        .WriteString("releasedBy", ReleasedBy);

    internal static TrancheReleased Read(EntryFieldReader fields)
    {
        Currency currency = fields.ReadCurrency("currency");
        return new(
            fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("tranche"), fields.ReadMoney("amount", currency),
            fields.ReadNames("verifications"), fields.ReadString("releasedBy"));
    }
}
