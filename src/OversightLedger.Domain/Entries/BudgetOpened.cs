namespace OversightLedger.Domain.Entries;

using OversightLedger.Domain.Money;

/// <summary>
/// A donor opens a ring-fenced budget: <c>budget, consequenceLadder (optional), country, currency, donor, owner, pledged,
/// purpose, snapBackClasses</c>. A budget opened without a ladder is written without the field, as before it existed.
/// </summary>
public sealed record BudgetOpened : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "BudgetOpened";

    /// <summary>Creates the entry; the currency is the pledge's; a null <paramref name="consequenceLadder"/> is left out of the JSON.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public BudgetOpened(
        string id, DateTimeOffset time, string budget, string donor, string purpose, string country, Money pledged, NameSet snapBackClasses, string owner,
        ConsequenceLadder? consequenceLadder = null)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Donor = FieldFormat.Identifier(donor, nameof(donor));
        Purpose = FieldFormat.SectorCode(purpose, nameof(purpose));
        Country = FieldFormat.CountryCode(country, nameof(country));
        Pledged = FieldFormat.NotNull(pledged, nameof(pledged));
        SnapBackClasses = FieldFormat.Identifiers(snapBackClasses, nameof(snapBackClasses));
        Owner = FieldFormat.Identifier(owner, nameof(owner));
        ConsequenceLadder = consequenceLadder;
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The donor organisation.</summary>
    public string Donor { get; }

    /// <summary>The OECD DAC 5-digit purpose code the budget is ring-fenced to.</summary>
    public string Purpose { get; }

    /// <summary>The recipient country (ISO 3166-1 alpha-2).</summary>
    public string Country { get; }

    /// <summary>The budget's currency (the pledge's).</summary>
    public Currency Currency => Pledged.Currency;

    /// <summary>The pledged amount.</summary>
    public Money Pledged { get; }

    /// <summary>The finding classes whose confirmed finding triggers snap-back (may be empty).</summary>
    public NameSet SnapBackClasses { get; }

    /// <summary>The donor key id that owns the budget: only it adds and releases tranches, lists programs and grants exemptions.</summary>
    public string Owner { get; }

    /// <summary>The graded consequences of failed or missed reviews (issue 15 item 3); null when the terms hold none.</summary>
    public ConsequenceLadder? ConsequenceLadder { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json)
    {
        WriteTermFields(json);
        if (ConsequenceLadder is not null)
        {
            json.WriteStringArray(ConsequenceLadder.FieldName, ConsequenceLadder.Steps.Select(s => s.ToString()));
        }
    }

    private void WriteTermFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("donor", Donor)
        .WriteString("purpose", Purpose)
        .WriteString("country", Country)
        .WriteString("currency", Currency.Code)
        .WriteString("pledged", Pledged.ToDecimalString())
        .WriteStringArray("snapBackClasses", SnapBackClasses)
        .WriteString("owner", Owner);

    internal static BudgetOpened Read(EntryFieldReader fields)
    {
        Currency currency = fields.ReadCurrency("currency");
        return new(
            fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("donor"), fields.ReadString("purpose"),
            fields.ReadString("country"), fields.ReadMoney("pledged", currency), fields.ReadNames("snapBackClasses"), fields.ReadString("owner"),
            fields.ReadOptionalStrings(ConsequenceLadder.FieldName) is { } steps ? ConsequenceLadder.Parse(steps) : null);
    }
}
