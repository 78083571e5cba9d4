namespace OversightLedger.Domain.Entries;

using OversightLedger.Domain.Money;

/// <summary>
/// The budget owner grants a humanitarian exemption with a precise scope and a sunset:
/// <c>budget, currency, exemption, maxAmount, modalities, sectors, sunset</c>.
/// </summary>
public sealed record ExemptionGranted : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "ExemptionGranted";

    /// <summary>Creates the entry; the sunset is kept in UTC whole seconds.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public ExemptionGranted(
        string id, DateTimeOffset time, string budget, string exemption, NameSet sectors, NameSet modalities, Money maxAmount, DateTimeOffset sunset)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Exemption = FieldFormat.Identifier(exemption, nameof(exemption));
        Sectors = FieldFormat.SectorCodes(sectors, nameof(sectors));
        Modalities = FieldFormat.Identifiers(modalities, nameof(modalities));
        MaxAmount = FieldFormat.NotNull(maxAmount, nameof(maxAmount));
        Sunset = EntryTime.ToWholeSeconds(sunset);
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The exemption id, unique within the budget.</summary>
    public string Exemption { get; }

    /// <summary>The DAC 5-digit sectors a covered disbursement may be in.</summary>
    public NameSet Sectors { get; }

    /// <summary>The modalities a covered disbursement may use.</summary>
    public NameSet Modalities { get; }

    /// <summary>The largest single disbursement covered.</summary>
    public Money MaxAmount { get; }

    /// <summary>The exemption covers decisions strictly before this instant (UTC).</summary>
    public DateTimeOffset Sunset { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("exemption", Exemption)
        .WriteStringArray("sectors", Sectors)
        .WriteStringArray("modalities", Modalities)
        .WriteString("currency", MaxAmount.Currency.Code)
        .WriteString("maxAmount", MaxAmount.ToDecimalString())
        .WriteString("sunset", EntryTime.Format(Sunset));

    internal static ExemptionGranted Read(EntryFieldReader fields)
    {
        Currency currency = fields.ReadCurrency("currency");
        return new(
            fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("exemption"), fields.ReadNames("sectors"),
            fields.ReadNames("modalities"), fields.ReadMoney("maxAmount", currency), fields.ReadTime("sunset"));
    }
}
