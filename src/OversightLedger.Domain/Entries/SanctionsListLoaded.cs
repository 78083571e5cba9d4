namespace OversightLedger.Domain.Entries;

/// <summary>
/// The server loaded a version of a sanctions list different from the last one the log records for its source:
/// <c>entryCount, publicationDate (when the file states one), sha256, source</c>. The id is
/// <see cref="EntryIds.SanctionsListLoaded"/>, so each change of a list is recorded once, whichever silo loads it.
/// </summary>
public sealed record SanctionsListLoaded : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "SanctionsListLoaded";

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public SanctionsListLoaded(string id, DateTimeOffset time, string source, DateOnly? publicationDate, string sha256, long entryCount)
        : base(id, time)
    {
        Source = FieldFormat.Identifier(source, nameof(source));
        PublicationDate = publicationDate;
        Sha256 = FieldFormat.Sha256Hex(sha256, nameof(sha256));
        EntryCount = entryCount is >= 1 and <= int.MaxValue
            ? entryCount
            : throw new ArgumentException("'entryCount' must be from 1 to 2^31 − 1", nameof(entryCount));
    }

    /// <summary>The list, e.g. <c>OFAC-SDN</c>.</summary>
    public string Source { get; }

    /// <summary>The publication date the file states, or null (OFAC's legacy CSV states none).</summary>
    public DateOnly? PublicationDate { get; }

    /// <summary>The lower-case hex SHA-256 of the list's main file.</summary>
    public string Sha256 { get; }

    /// <summary>How many entries the list holds.</summary>
    public long EntryCount { get; }

    /// <summary>The version as counterparty screenings name it: <c>&lt;source&gt;:&lt;sha256&gt;</c>.</summary>
    public string Version => Source + ":" + Sha256;

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json)
    {
        json.WriteString("source", Source);
        if (PublicationDate is { } date)
        {
            json.WriteString("publicationDate", EntryTime.Format(date));
        }

        json.WriteString("sha256", Sha256).WriteInteger("entryCount", EntryCount);
    }

    internal static SanctionsListLoaded Read(EntryFieldReader fields)
    {
        string source = fields.ReadString("source");
        DateOnly? date = fields.ReadOptionalString("publicationDate") is { } text
            ? EntryTime.TryParse(text, out DateOnly parsed) ? parsed : throw new FormatException($"field 'publicationDate' must be a date such as 2026-11-25, not '{text}'")
            : null;
        return new(fields.Id, fields.Time, source, date, fields.ReadString("sha256"), fields.ReadInteger("entryCount"));
    }
}
