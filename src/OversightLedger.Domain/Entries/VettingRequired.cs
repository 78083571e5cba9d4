namespace OversightLedger.Domain.Entries;

using OversightLedger.Domain.Money;

/// <summary>
/// The budget owner's term that payment lists must be vetted before money moves (issue 15 item 4): a list whose total on
/// the budget is above <see cref="Threshold"/> (zero: every list, and every payment) waits for a registered vetting body,
/// at most <see cref="MaxWaitDays"/> days: <c>budget, currency, threshold, maxWaitDays</c>.
/// </summary>
public sealed record VettingRequired : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "VettingRequired";

    /// <summary>The longest wait a budget's terms may set.</summary>
    public const int MaxWaitDaysLimit = 90;

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public VettingRequired(string id, DateTimeOffset time, string budget, Money threshold, int maxWaitDays)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Threshold = FieldFormat.NotNull(threshold, nameof(threshold));
        if (threshold.MinorUnits < 0)
        {
            throw new ArgumentException("'threshold' must not be negative (zero: every list is vetted)", nameof(threshold));
        }

        MaxWaitDays = maxWaitDays is >= 1 and <= MaxWaitDaysLimit
            ? maxWaitDays
            : throw new ArgumentException($"'maxWaitDays' must be from 1 to {MaxWaitDaysLimit}", nameof(maxWaitDays));
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>A list whose total on the budget is above this is vetted; zero: every list and every payment.</summary>
    public Money Threshold { get; }

    /// <summary>How long a submitted list waits for its vetting before it expires.</summary>
    public int MaxWaitDays { get; }

    /// <summary>Whether a payment list with this total on the budget needs vetting.</summary>
    public bool Requires(Money total) => Threshold.MinorUnits == 0 || total.MinorUnits > Threshold.MinorUnits;

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("currency", Threshold.Currency.Code)
        .WriteString("threshold", Threshold.ToDecimalString())
        .WriteInteger("maxWaitDays", MaxWaitDays);

    internal static VettingRequired Read(EntryFieldReader fields)
    {
        Currency currency = fields.ReadCurrency("currency");
        return new(fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadMoney("threshold", currency), checked((int)fields.ReadInteger("maxWaitDays")));
    }
}
