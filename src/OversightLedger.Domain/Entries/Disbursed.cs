using OversightLedger.Domain.Beneficiaries;

namespace OversightLedger.Domain.Entries;

using OversightLedger.Domain.Money;

/// <summary>
/// Money was paid to a beneficiary from one released tranche. The entry id is the disbursement id:
/// <c>amount, beneficiary, budget, [counterparty,] currency, disbursement, modality, period, program, sector, tranche</c>.
/// <c>counterparty</c> (the registered counterparty paid or paid through, issue 16) is written only when the payment named
/// one, so entries without it keep their exact bytes.
/// </summary>
public sealed record Disbursed : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "Disbursed";

    /// <summary>Creates the entry; <paramref name="disbursement"/> is also its <c>id</c>.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public Disbursed(
        string disbursement, DateTimeOffset time, string program, string budget, string tranche, BeneficiaryPseudonym beneficiary,
        Money amount, string sector, string modality, string period, string? counterparty = null)
        : base(FieldFormat.EntryId(disbursement, nameof(disbursement)), time)
    {
        Program = FieldFormat.Identifier(program, nameof(program));
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Tranche = FieldFormat.Identifier(tranche, nameof(tranche));
        Beneficiary = FieldFormat.Pseudonym(beneficiary, nameof(beneficiary));
        Amount = FieldFormat.NotNull(amount, nameof(amount));
        Sector = FieldFormat.SectorCode(sector, nameof(sector));
        Modality = FieldFormat.Identifier(modality, nameof(modality));
        Period = FieldFormat.Period(period, nameof(period));
        Counterparty = counterparty is null ? null : FieldFormat.Identifier(counterparty, nameof(counterparty));
    }

    /// <summary>The disbursement id (the same as <see cref="LedgerEntry.Id"/>).</summary>
    public string Disbursement => Id;

    /// <summary>The program id.</summary>
    public string Program { get; }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The tranche the money came from.</summary>
    public string Tranche { get; }

    /// <summary>The beneficiary's pseudonym.</summary>
    public BeneficiaryPseudonym Beneficiary { get; }

    /// <summary>The amount paid.</summary>
    public Money Amount { get; }

    /// <summary>The OECD DAC 5-digit purpose code of the activity paid for.</summary>
    public string Sector { get; }

    /// <summary>How it was paid, e.g. <c>cash</c>, <c>voucher</c>, <c>in-kind</c>.</summary>
    public string Modality { get; }

    /// <summary>The cap period it counts against, e.g. <c>2026-11</c> or <c>2026-Q4</c>.</summary>
    public string Period { get; }

    /// <summary>The registered counterparty the payment named (paid, or paid through), or null when it named none.</summary>
    public string? Counterparty { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json)
    {
        json.WriteString("disbursement", Disbursement)
            .WriteString("program", Program)
            .WriteString("budget", Budget)
            .WriteString("tranche", Tranche)
            .WriteString("beneficiary", Beneficiary.Value)
            .WriteString("currency", Amount.Currency.Code)
            .WriteString("amount", Amount.ToDecimalString())
            .WriteString("sector", Sector)
            .WriteString("modality", Modality)
            .WriteString("period", Period);
        if (Counterparty is not null)
        {
            json.WriteString("counterparty", Counterparty);
        }
    }

    internal static Disbursed Read(EntryFieldReader fields)
    {
        string disbursement = fields.ReadString("disbursement");
        if (disbursement != fields.Id)
        {
            throw new FormatException($"field 'disbursement' ('{disbursement}') must equal field 'id' ('{fields.Id}')");
        }

        Currency currency = fields.ReadCurrency("currency");
        return new(
            disbursement, fields.Time, fields.ReadString("program"), fields.ReadString("budget"), fields.ReadString("tranche"),
            fields.ReadPseudonym("beneficiary"), fields.ReadMoney("amount", currency), fields.ReadString("sector"),
            fields.ReadString("modality"), fields.ReadString("period"), fields.ReadOptionalString("counterparty"));
    }
}
