namespace OversightLedger.Domain.Entries;

using OversightLedger.Domain.Money;

/// <summary>
/// A disbursement is reversed in full (nothing in the log is ever edited): the money goes back to its tranche and to the
/// beneficiary's period. Fields: <c>amount, budget, currency, disbursement, program, reason, tranche</c>.
/// </summary>
public sealed record Reversed : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "Reversed";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public Reversed(string id, DateTimeOffset time, string disbursement, string program, string budget, string tranche, Money amount, string reason)
        : base(id, time)
    {
        Disbursement = FieldFormat.EntryId(disbursement, nameof(disbursement));
        Program = FieldFormat.Identifier(program, nameof(program));
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Tranche = FieldFormat.Identifier(tranche, nameof(tranche));
        Amount = FieldFormat.NotNull(amount, nameof(amount));
        Reason = FieldFormat.Text(reason, nameof(reason));
    }

    /// <summary>The id of the disbursement reversed.</summary>
    public string Disbursement { get; }

    /// <summary>The program id.</summary>
    public string Program { get; }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The tranche the money returns to.</summary>
    public string Tranche { get; }

    /// <summary>The amount returned: the disbursement's whole amount.</summary>
    public Money Amount { get; }

    /// <summary>Why.</summary>
    public string Reason { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("disbursement", Disbursement)
        .WriteString("program", Program)
        .WriteString("budget", Budget)
        .WriteString("tranche", Tranche)
        .WriteString("currency", Amount.Currency.Code)
        .WriteString("amount", Amount.ToDecimalString())
        .WriteString("reason", Reason);

    internal static Reversed Read(EntryFieldReader fields)
    {
        Currency currency = fields.ReadCurrency("currency");
        return new(
            fields.Id, fields.Time, fields.ReadString("disbursement"), fields.ReadString("program"), fields.ReadString("budget"),
            fields.ReadString("tranche"), fields.ReadMoney("amount", currency), fields.ReadString("reason"));
    }
}
