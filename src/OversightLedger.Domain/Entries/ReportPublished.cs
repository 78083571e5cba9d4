namespace OversightLedger.Domain.Entries;

/// <summary>
/// A quarterly transparency report was published: the checkpoint its figures were computed at and the SHA-256 of each
/// of its files: <c>checkpointRoot, checkpointSize, csvSha256, htmlSha256, jsonSha256, quarter, xmlSha256</c>.
/// The entry id must be <c>report-</c> and the quarter (<see cref="IdFor"/>), so a quarter is published once.
/// </summary>
public sealed record ReportPublished : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "ReportPublished";

    /// <summary>Creates the entry; <paramref name="id"/> must be <see cref="IdFor"/> of the quarter.</summary>
    /// <exception cref="ArgumentException">A field is malformed, or the id is not the quarter's; the parameter name is the JSON field.</exception>
    public ReportPublished(
        string id, DateTimeOffset time, string quarter, long checkpointSize, string checkpointRoot,
        string htmlSha256, string jsonSha256, string csvSha256, string xmlSha256)
        : base(id, time)
    {
        Quarter = FieldFormat.Quarter(quarter, nameof(quarter));
        if (Id != IdFor(Quarter))
        {
            throw new ArgumentException($"'id' of the report of {Quarter} must be '{IdFor(Quarter)}', not '{Id}'", nameof(id));
        }

        CheckpointSize = checkpointSize is >= 0 and <= CanonicalJsonWriter.MaxSafeInteger
            ? checkpointSize
            : throw new ArgumentException("'checkpointSize' must be a tree size from 0 to 2^53 − 1", nameof(checkpointSize));
        CheckpointRoot = FieldFormat.Sha256Hex(checkpointRoot, nameof(checkpointRoot));
        HtmlSha256 = FieldFormat.Sha256Hex(htmlSha256, nameof(htmlSha256));
        JsonSha256 = FieldFormat.Sha256Hex(jsonSha256, nameof(jsonSha256));
        CsvSha256 = FieldFormat.Sha256Hex(csvSha256, nameof(csvSha256));
        XmlSha256 = FieldFormat.Sha256Hex(xmlSha256, nameof(xmlSha256));
    }

    /// <summary>The entry id a quarter's report is published under, e.g. <c>report-2026-Q4</c>.</summary>
    public static string IdFor(string quarter) => "report-" + FieldFormat.Quarter(quarter, nameof(quarter));

    /// <summary>The quarter covered, e.g. <c>2026-Q4</c>.</summary>
    public string Quarter { get; }

    /// <summary>The size of the checkpoint the figures were computed at.</summary>
    public long CheckpointSize { get; }

    /// <summary>That checkpoint's root hash, 64 lower-case hex digits.</summary>
    public string CheckpointRoot { get; }

    /// <summary>SHA-256 of the HTML file.</summary>
    public string HtmlSha256 { get; }

    /// <summary>SHA-256 of the JSON file.</summary>
    public string JsonSha256 { get; }

    /// <summary>SHA-256 of the CSV file.</summary>
    public string CsvSha256 { get; }

    /// <summary>SHA-256 of the IATI XML file.</summary>
    public string XmlSha256 { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("quarter", Quarter)
        .WriteInteger("checkpointSize", CheckpointSize)
        .WriteString("checkpointRoot", CheckpointRoot)
        .WriteString("htmlSha256", HtmlSha256)
        .WriteString("jsonSha256", JsonSha256)
        .WriteString("csvSha256", CsvSha256)
        .WriteString("xmlSha256", XmlSha256);

    internal static ReportPublished Read(EntryFieldReader fields) => new(
        fields.Id, fields.Time, fields.ReadString("quarter"), fields.ReadInteger("checkpointSize"), fields.ReadString("checkpointRoot"),
        fields.ReadString("htmlSha256"), fields.ReadString("jsonSha256"), fields.ReadString("csvSha256"), fields.ReadString("xmlSha256"));
}
