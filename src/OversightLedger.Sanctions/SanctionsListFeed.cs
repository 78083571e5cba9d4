namespace OversightLedger.Sanctions;

/// <summary>
/// A configured list: its source name, its format and where it is — an http(s) URL (downloaded whole, within the
/// downloader's limits) or a path on disk (for <c>ofac-csv</c>, a directory holding <c>sdn.csv</c> and its side files).
/// </summary>
/// <param name="Source">The list's name in its versions (e.g. <c>UN-SC-CONSOLIDATED</c>).</param>
/// <param name="Format">The file's format.</param>
/// <param name="Location">An absolute http or https URL, or a file or directory path.</param>
public sealed record SanctionsListFeed(string Source, SanctionsListFormat Format, string Location)
{
    /// <summary>A feed from configuration text: the format by its name (<c>un-xml</c>, …); an <see cref="ArgumentException"/> for an unknown one.</summary>
    public static SanctionsListFeed FromConfiguration(string source, string formatName, string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        return new SanctionsListFeed(source.Trim(), SanctionsListReader.ParseFormat(formatName), location.Trim());
    }

    /// <summary>True when <see cref="Location"/> is an http or https URL.</summary>
    public bool IsRemote =>
        Uri.TryCreate(Location, UriKind.Absolute, out Uri? address) && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps);

    /// <summary>
    /// Loads the list: downloads it (throwing <see cref="SanctionsListDownloadException"/> when the download is refused)
    /// or reads it from disk, then parses it (throwing <see cref="SanctionsListFormatException"/> for a malformed file).
    /// </summary>
    public async Task<SanctionsList> LoadAsync(SanctionsListDownloader downloader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(downloader);
        return IsRemote
            ? await downloader.DownloadListAsync(new Uri(Location, UriKind.Absolute), Format, Source, cancellationToken).ConfigureAwait(false)
            : SanctionsListReader.ReadFile(Format, Location, Source);
    }
}
