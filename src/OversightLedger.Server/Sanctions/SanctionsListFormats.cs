using OversightLedger.Sanctions;

namespace OversightLedger.Server.Sanctions;

/// <summary>The list formats the server reads, by the names configuration uses (those of <see cref="SanctionsListReader"/>).</summary>
internal static class SanctionsListFormats
{
    public const string OfacCsv = "ofac-csv";

    /// <summary>The name earlier configurations used for <see cref="OfacCsv"/>; still accepted.</summary>
    public const string OfacSdnCsv = "ofac-sdn-csv";

    private const string OfacConsolidatedSource = "OFAC-CONSOLIDATED";

    /// <summary>The format <paramref name="file"/> names.</summary>
    /// <exception cref="ArgumentException">The format is unknown (the message names the known ones).</exception>
    public static SanctionsListFormat FormatOf(SanctionsListFile file) =>
        string.Equals(file.Format?.Trim(), OfacSdnCsv, StringComparison.OrdinalIgnoreCase)
            ? SanctionsListFormat.OfacCsv
            : SanctionsListReader.ParseFormat(file.Format ?? string.Empty);

    /// <summary>The source name the list of <paramref name="file"/> is recorded under.</summary>
    public static string SourceOf(SanctionsListFile file) => FormatOf(file) switch
    {
        SanctionsListFormat.OfacCsv => OfacSdnCsvParser.SourceName,
        SanctionsListFormat.OfacXml => file.Source?.Trim() is { Length: > 0 } source ? source : OfacConsolidatedSource,
        SanctionsListFormat format => file.Source?.Trim() is { Length: > 0 } source ? source : SanctionsListReader.DefaultSource(format),
    };

    /// <summary>
    /// The list sources a licence may exclude: every configured list's source, and each format's default source (so a licence
    /// can name a list before this server loads it). Ordinal: <c>OFAC-SDN</c>, not <c>ofac-sdn</c>.
    /// </summary>
    public static IReadOnlySet<string> KnownSources(SanctionsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sources = new SortedSet<string>(StringComparer.Ordinal) { OfacConsolidatedSource };
        foreach (SanctionsListFormat format in Enum.GetValues<SanctionsListFormat>())
        {
            sources.Add(SanctionsListReader.DefaultSource(format));
        }

        foreach (SanctionsListFile file in options.Lists)
        {
            if (SanctionsListReader.TryParseFormat(file.Format, out _) || string.Equals(file.Format?.Trim(), OfacSdnCsv, StringComparison.OrdinalIgnoreCase))
            {
                sources.Add(SourceOf(file));
            }
        }

        return sources;
    }

    /// <summary>Reads (or downloads) the list <paramref name="file"/> names.</summary>
    /// <exception cref="SanctionsListFormatException">The file is malformed or truncated.</exception>
    /// <exception cref="SanctionsListDownloadException">The address is not http(s), or the download failed or was refused.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="ArgumentException">The format is unknown, or neither a path nor an address is given.</exception>
    public static async Task<SanctionsList> ReadAsync(SanctionsListFile file, SanctionsListDownloader downloader, CancellationToken cancellationToken)
    {
        SanctionsListFormat format = FormatOf(file);
        string source = SourceOf(file);
        if (file.Url is { Length: > 0 } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? address))
            {
                throw new ArgumentException($"'{url}' is not an absolute URL.", nameof(file));
            }

            DownloadedSanctionsListFile downloaded = await downloader.DownloadAsync(address, SanctionsListReader.DefaultFileName(format), cancellationToken);
            return SanctionsListReader.Read(format, downloaded.Content, source, downloaded.FileName);
        }

        if (string.IsNullOrWhiteSpace(file.Path))
        {
            throw new ArgumentException("A configured list needs a Path or a Url.", nameof(file));
        }

        return await Task.Run(() => format == SanctionsListFormat.OfacCsv && File.Exists(file.Path) ? ReadSdnCsvFile(file.Path) : SanctionsListReader.ReadFile(format, file.Path, source), cancellationToken);
    }

    private static SanctionsList ReadSdnCsvFile(string path)
    {
        string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        byte[]? Beside(string name) => File.Exists(System.IO.Path.Combine(directory, name)) ? File.ReadAllBytes(System.IO.Path.Combine(directory, name)) : null;
        return OfacSdnCsvParser.Parse(File.ReadAllBytes(path), Beside("alt.csv"), Beside("add.csv"), Beside("sdn_comments.csv"));
    }
}
