namespace OversightLedger.Domain.Entries;

using OversightLedger.Domain.Money;

/// <summary>
/// An agency submitted a payment list for vetting. Only what commits to the list is public — the SHA-256 of the bytes
/// sent, the number of rows and their total — the rows themselves (beneficiary references) stay on the server:
/// <c>budget, program, agency, list, sha256, rows, currency, total, expiresAt</c>.
/// </summary>
public sealed record PaymentListSubmitted : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "PaymentListSubmitted";

    /// <summary>
    /// The most rows a vetted list holds: its vetting names every row (approved or refused) in one entry, and an entry is
    /// at most 64 KiB. A larger list is sent as several lists.
    /// </summary>
    public const int MaxRows = 500;

    /// <summary>Creates the entry; <paramref name="expiresAt"/> is kept in UTC whole seconds.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public PaymentListSubmitted(
        string id, DateTimeOffset time, string budget, string program, string agency, string list, string sha256, int rows, Money total, DateTimeOffset expiresAt)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Program = FieldFormat.Identifier(program, nameof(program));
        Agency = FieldFormat.Identifier(agency, nameof(agency));
        List = FieldFormat.Identifier(list, nameof(list));
        Sha256 = FieldFormat.Sha256Hex(sha256, nameof(sha256));
        Rows = rows is >= 1 and <= MaxRows ? rows : throw new ArgumentException($"'rows' must be from 1 to {MaxRows}", nameof(rows));
        Total = FieldFormat.NotNull(total, nameof(total));
        ExpiresAt = EntryTime.ToWholeSeconds(expiresAt);
    }

    /// <summary>The budget id every row draws on.</summary>
    public string Budget { get; }

    /// <summary>The program id.</summary>
    public string Program { get; }

    /// <summary>The agency key principal that submitted it.</summary>
    public string Agency { get; }

    /// <summary>The list id, the agency's own, unique within its program.</summary>
    public string List { get; }

    /// <summary>The SHA-256 (lower-case hex) of the list's bytes as sent.</summary>
    public string Sha256 { get; }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The sum of the rows' amounts.</summary>
    public Money Total { get; }

    /// <summary>The list is vetted strictly before this instant, or not at all.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("budget", Budget)
        .WriteString("program", Program)
        .WriteString("agency", Agency)
        .WriteString("list", List)
        .WriteString("sha256", Sha256)
        .WriteInteger("rows", Rows)
        .WriteString("currency", Total.Currency.Code)
        .WriteString("total", Total.ToDecimalString())
        .WriteString("expiresAt", EntryTime.Format(ExpiresAt));

    internal static PaymentListSubmitted Read(EntryFieldReader fields)
    {
        Currency currency = fields.ReadCurrency("currency");
        long rows = fields.ReadInteger("rows");
        return new(
            fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("program"), fields.ReadString("agency"), fields.ReadString("list"),
            fields.ReadString("sha256"), rows is >= 1 and <= MaxRows ? (int)rows : 0, fields.ReadMoney("total", currency), fields.ReadTime("expiresAt"));
    }
}
