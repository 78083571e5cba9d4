using OversightLedger.Domain.Programs;

namespace OversightLedger.Domain.Entries;

using OversightLedger.Domain.Money;

/// <summary>
/// An implementing agency opens a beneficiary program: <c>agency, capPerPeriod, currency, period, program</c>.
/// </summary>
public sealed record ProgramOpened : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "ProgramOpened";

    /// <summary>Creates the entry; the currency is the cap's.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public ProgramOpened(string id, DateTimeOffset time, string program, string agency, Money capPerPeriod, CapPeriod period)
        : base(id, time)
    {
        Program = FieldFormat.Identifier(program, nameof(program));
        Agency = FieldFormat.Identifier(agency, nameof(agency));
        CapPerPeriod = FieldFormat.NotNull(capPerPeriod, nameof(capPerPeriod));
        Period = Enum.IsDefined(period) ? period : throw new ArgumentException("'period' must be month or quarter", nameof(period));
    }

    /// <summary>The program id.</summary>
    public string Program { get; }

    /// <summary>The implementing agency.</summary>
    public string Agency { get; }

    /// <summary>The program's currency (the cap's).</summary>
    public Currency Currency => CapPerPeriod.Currency;

    /// <summary>The most one beneficiary pseudonym may receive in one period.</summary>
    public Money CapPerPeriod { get; }

    /// <summary>The cap's period, written <c>month</c> or <c>quarter</c>.</summary>
    public CapPeriod Period { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("program", Program)
        .WriteString("agency", Agency)
        .WriteString("currency", Currency.Code)
        .WriteString("capPerPeriod", CapPerPeriod.ToDecimalString())
        .WriteString("period", PaymentPeriod.ToText(Period));

    internal static ProgramOpened Read(EntryFieldReader fields)
    {
        Currency currency = fields.ReadCurrency("currency");
        string period = fields.ReadString("period");
        return new(
            fields.Id, fields.Time, fields.ReadString("program"), fields.ReadString("agency"), fields.ReadMoney("capPerPeriod", currency),
            PaymentPeriod.TryParseKind(period, out CapPeriod kind) ? kind : throw new FormatException($"field 'period' must be month or quarter, not '{period}'"));
    }
}
