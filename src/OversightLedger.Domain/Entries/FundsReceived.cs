namespace OversightLedger.Domain.Entries;

using OversightLedger.Domain.Money;

/// <summary>Donor funds arrived for a budget: <c>amount, budget, currency, reference</c>.</summary>
public sealed record FundsReceived : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "FundsReceived";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public FundsReceived(string id, DateTimeOffset time, string budget, Money amount, string reference)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Amount = FieldFormat.NotNull(amount, nameof(amount));
        Reference = FieldFormat.Text(reference, nameof(reference));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The amount received.</summary>
    public Money Amount { get; }

    /// <summary>The payment reference (a bank or IATI transaction reference).</summary>
    public string Reference { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("currency", Amount.Currency.Code)
        .WriteString("amount", Amount.ToDecimalString())
        .WriteString("reference", Reference);

    internal static FundsReceived Read(EntryFieldReader fields)
    {
        Currency currency = fields.ReadCurrency("currency");
        return new(fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadMoney("amount", currency), fields.ReadString("reference"));
    }
}
