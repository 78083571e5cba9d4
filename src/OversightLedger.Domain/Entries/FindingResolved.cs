namespace OversightLedger.Domain.Entries;

/// <summary>
/// The watchdog that raised a finding resolves it: dismissed, or confirmed with a corrective action:
/// <c>action, by, finding, outcome</c>.
/// </summary>
public sealed record FindingResolved : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "FindingResolved";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public FindingResolved(string id, DateTimeOffset time, string finding, string by, FindingOutcome outcome, string action)
        : base(id, time)
    {
        Finding = FieldFormat.Identifier(finding, nameof(finding));
        By = FieldFormat.Identifier(by, nameof(by));
        Outcome = Enum.IsDefined(outcome) ? outcome : throw new ArgumentException("'outcome' must be dismissed or confirmed", nameof(outcome));
        Action = FieldFormat.Text(action, nameof(action));
    }

    /// <summary>The finding id.</summary>
    public string Finding { get; }

    /// <summary>The watchdog that resolved it: only the watchdog that raised the finding may (<c>FindingBook</c>).</summary>
    public string By { get; }

    /// <summary>Dismissed or confirmed.</summary>
    public FindingOutcome Outcome { get; }

    /// <summary>The corrective action (confirmed) or the reason (dismissed).</summary>
    public string Action { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <summary>The outcome as written in JSON: <c>dismissed</c> or <c>confirmed</c>.</summary>
    public static string FormatOutcome(FindingOutcome outcome) => outcome switch
    {
        FindingOutcome.Dismissed => "dismissed",
        FindingOutcome.Confirmed => "confirmed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    /// <summary>Reads <c>dismissed</c> or <c>confirmed</c>.</summary>
    public static bool TryParseOutcome(string text, out FindingOutcome outcome)
    {
        (bool known, outcome) = text switch
        {
            "dismissed" => (true, FindingOutcome.Dismissed),
            "confirmed" => (true, FindingOutcome.Confirmed),
            _ => (false, FindingOutcome.Dismissed),
        };
        return known;
    }

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("finding", Finding)
        .WriteString("by", By)
        .WriteString("outcome", FormatOutcome(Outcome))
        .WriteString("action", Action);

    internal static FindingResolved Read(EntryFieldReader fields)
    {
        string finding = fields.ReadString("finding"), by = fields.ReadString("by"), outcome = fields.ReadString("outcome");
        return TryParseOutcome(outcome, out FindingOutcome parsed)
            ? new(fields.Id, fields.Time, finding, by, parsed, fields.ReadString("action"))
            : throw new FormatException($"field 'outcome': '{outcome}' is neither dismissed nor confirmed");
    }
}
