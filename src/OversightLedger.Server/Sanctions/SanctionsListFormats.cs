using OversightLedger.Sanctions;

namespace OversightLedger.Server.Sanctions;

/// <summary>The list formats the server reads, by the names configuration uses.</summary>
internal static class SanctionsListFormats
{
    public const string OfacSdnCsv = "ofac-sdn-csv";
    public const string OfacXml = "ofac-xml";

    /// <summary>Reads the list <paramref name="file"/> names.</summary>
    /// <exception cref="SanctionsListFormatException">The file is malformed or truncated.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="ArgumentException">The format is unknown.</exception>
    public static SanctionsList Read(SanctionsListFile file) => file.Format switch
    {
        OfacSdnCsv when Directory.Exists(file.Path) => OfacSdnCsvParser.ParseDirectory(file.Path),
        OfacSdnCsv => ReadSdnCsvFile(file.Path),
        OfacXml => OfacXmlParser.Parse(File.ReadAllBytes(file.Path), file.Source ?? "OFAC-CONSOLIDATED", System.IO.Path.GetFileName(file.Path)),
        _ => throw new ArgumentException($"The list format '{file.Format}' is not known (known: {OfacSdnCsv}, {OfacXml}).", nameof(file)),
    };

    private static SanctionsList ReadSdnCsvFile(string path)
    {
        string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        byte[]? Beside(string name) => File.Exists(System.IO.Path.Combine(directory, name)) ? File.ReadAllBytes(System.IO.Path.Combine(directory, name)) : null;
        return OfacSdnCsvParser.Parse(File.ReadAllBytes(path), Beside("alt.csv"), Beside("add.csv"), Beside("sdn_comments.csv"));
    }
}
