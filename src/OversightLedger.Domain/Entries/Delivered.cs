namespace OversightLedger.Domain.Entries;

using OversightLedger.Domain.Money;

/// <summary>
/// The payment provider confirmed that a disbursement reached its beneficiary: what the program paid is then also
/// delivered. Once per disbursement; the amount is what was left of it when the delivery was recorded (paid minus what
/// earlier reversals gave back). A delivered payment can still be returned or recovered later (a <see cref="Reversed"/>
/// entry), never marked failed. Fields: <c>amount, budget, currency, disbursement, program</c>.
/// </summary>
public sealed record Delivered : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "Delivered";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public Delivered(string id, DateTimeOffset time, string disbursement, string program, string budget, Money amount)
        : base(id, time)
    {
        Disbursement = FieldFormat.EntryId(disbursement, nameof(disbursement));
        Program = FieldFormat.Identifier(program, nameof(program));
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Amount = FieldFormat.NotNull(amount, nameof(amount));
    }

    /// <summary>The id of the disbursement delivered.</summary>
    public string Disbursement { get; }

    /// <summary>The program id.</summary>
    public string Program { get; }

    /// <summary>The budget the disbursement drew on.</summary>
    public string Budget { get; }

    /// <summary>The amount delivered: the disbursement's amount net of earlier reversals.</summary>
    public Money Amount { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("disbursement", Disbursement)
        .WriteString("program", Program)
        .WriteString("budget", Budget)
        .WriteString("currency", Amount.Currency.Code)
        .WriteString("amount", Amount.ToDecimalString());

    internal static Delivered Read(EntryFieldReader fields)
    {
        Currency currency = fields.ReadCurrency("currency");
        return new(fields.Id, fields.Time, fields.ReadString("disbursement"), fields.ReadString("program"), fields.ReadString("budget"), fields.ReadMoney("amount", currency));
    }
}
