namespace OversightLedger.Sanctions;

/// <summary>
/// Picks the parser by format: reads a list's bytes or file in the format a configuration names (<c>ofac-csv</c>,
/// <c>ofac-xml</c>, <c>un-xml</c>, <c>eu-xml</c>, <c>eu-csv</c>). Every parser refuses a malformed or truncated file with
/// <see cref="SanctionsListFormatException"/>.
/// </summary>
public static class SanctionsListReader
{
    /// <summary>The configuration names of the formats, in <see cref="SanctionsListFormat"/> order.</summary>
    public static IReadOnlyList<string> FormatNames { get; } = [.. Enum.GetValues<SanctionsListFormat>().Select(FormatName)];

    /// <summary>The configuration name of a format (<c>ofac-csv</c>, <c>ofac-xml</c>, <c>un-xml</c>, <c>eu-xml</c>, <c>eu-csv</c>).</summary>
    public static string FormatName(SanctionsListFormat format) => format switch
    {
        SanctionsListFormat.OfacCsv => "ofac-csv",
        SanctionsListFormat.OfacXml => "ofac-xml",
        SanctionsListFormat.UnXml => "un-xml",
        SanctionsListFormat.EuXml => "eu-xml",
        SanctionsListFormat.EuCsv => "eu-csv",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a sanctions list format"),
    };

    /// <summary>The format a configuration name stands for (case-insensitive); false for any other text.</summary>
    public static bool TryParseFormat(string? name, out SanctionsListFormat format)
    {
        foreach (SanctionsListFormat candidate in Enum.GetValues<SanctionsListFormat>())
        {
            if (string.Equals(name?.Trim(), FormatName(candidate), StringComparison.OrdinalIgnoreCase))
            {
                format = candidate;
                return true;
            }
        }

        format = default;
        return false;
    }

    /// <summary>The format a configuration name stands for; an <see cref="ArgumentException"/> naming the known ones otherwise.</summary>
    public static SanctionsListFormat ParseFormat(string name) =>
        TryParseFormat(name, out SanctionsListFormat format)
            ? format
            : throw new ArgumentException($"'{name}' is not a sanctions list format; expected one of {string.Join(", ", FormatNames)}", nameof(name));

    /// <summary>The source name a format's lists get unless configured otherwise.</summary>
    public static string DefaultSource(SanctionsListFormat format) => format switch
    {
        SanctionsListFormat.OfacCsv or SanctionsListFormat.OfacXml => OfacSdnCsvParser.SourceName,
        SanctionsListFormat.UnXml => UnConsolidatedXmlParser.SourceName,
        SanctionsListFormat.EuXml => EuConsolidatedXmlParser.SourceName,
        SanctionsListFormat.EuCsv => EuConsolidatedCsvParser.SourceName,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a sanctions list format"),
    };

    /// <summary>The name a format's main file has when the publisher's address does not say one.</summary>
    public static string DefaultFileName(SanctionsListFormat format) => format switch
    {
        SanctionsListFormat.OfacCsv => "sdn.csv",
        SanctionsListFormat.OfacXml => "sdn.xml",
        SanctionsListFormat.UnXml => "consolidated.xml",
        SanctionsListFormat.EuXml => "xmlFullSanctionsList_1_1.xml",
        SanctionsListFormat.EuCsv => EuConsolidatedCsvParser.DefaultFileName,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a sanctions list format"),
    };

    /// <summary>Parses one file's bytes (for <c>ofac-csv</c>: <c>sdn.csv</c> alone, without side files).</summary>
    /// <param name="format">The file's format.</param>
    /// <param name="bytes">The file as read or downloaded.</param>
    /// <param name="source">The list's name in the version (default <see cref="DefaultSource"/>).</param>
    /// <param name="fileName">The file's name in errors and the digest (default <see cref="DefaultFileName"/>).</param>
    public static SanctionsList Read(SanctionsListFormat format, byte[] bytes, string? source = null, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        string list = string.IsNullOrWhiteSpace(source) ? DefaultSource(format) : source.Trim();
        string file = string.IsNullOrWhiteSpace(fileName) ? DefaultFileName(format) : fileName;
        return format switch
        {
            SanctionsListFormat.OfacCsv => Renamed(OfacSdnCsvParser.Parse(bytes), list),
            SanctionsListFormat.OfacXml => OfacXmlParser.Parse(bytes, list, file),
            SanctionsListFormat.UnXml => UnConsolidatedXmlParser.Parse(bytes, list, file),
            SanctionsListFormat.EuXml => EuConsolidatedXmlParser.Parse(bytes, list, file),
            SanctionsListFormat.EuCsv => EuConsolidatedCsvParser.Parse(bytes, list, file),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a sanctions list format"),
        };
    }

    /// <summary>
    /// Reads a list from disk: a file, or for <c>ofac-csv</c> also a directory holding <c>sdn.csv</c> and its side files.
    /// </summary>
    public static SanctionsList ReadFile(SanctionsListFormat format, string path, string? source = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (format == SanctionsListFormat.OfacCsv && Directory.Exists(path))
        {
            return Renamed(OfacSdnCsvParser.ParseDirectory(path), string.IsNullOrWhiteSpace(source) ? DefaultSource(format) : source.Trim());
        }

        return Read(format, File.ReadAllBytes(path), source, Path.GetFileName(path));
    }

    private static SanctionsList Renamed(SanctionsList list, string source) =>
        list.Version.Source == source ? list : list with { Version = list.Version with { Source = source } };
}
