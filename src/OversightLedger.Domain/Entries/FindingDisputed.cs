namespace OversightLedger.Domain.Entries;

/// <summary>An agency disputes a finding about its program, with its response: <c>by, finding, response</c>.</summary>
public sealed record FindingDisputed : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "FindingDisputed";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public FindingDisputed(string id, DateTimeOffset time, string finding, string by, string response)
        : base(id, time)
    {
        Finding = FieldFormat.Identifier(finding, nameof(finding));
        By = FieldFormat.Identifier(by, nameof(by));
        Response = FieldFormat.Text(response, nameof(response));
    }

    /// <summary>The finding id.</summary>
    public string Finding { get; }

    /// <summary>The key id of the agency that disputes it.</summary>
    public string By { get; }

    /// <summary>The agency's response.</summary>
    public string Response { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("finding", Finding)
        .WriteString("by", By)
        .WriteString("response", Response);

    internal static FindingDisputed Read(EntryFieldReader fields) => new(
        fields.Id, fields.Time, fields.ReadString("finding"), fields.ReadString("by"), fields.ReadString("response"));
}
