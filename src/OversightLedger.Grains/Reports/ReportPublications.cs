using OversightLedger.Domain.Entries;

namespace OversightLedger.Grains.Reports;

/// <summary>Maps <c>ReportPublished</c> entries to publications, and names a quarter's files.</summary>
public static class ReportPublications
{
    /// <summary>The file names of a quarter's report, in the order of <see cref="From"/>'s files: html, json, csv, xml.</summary>
    public static string[] FileNames(string quarter) => [$"{quarter}.html", $"{quarter}.json", $"{quarter}.csv", $"{quarter}.xml"];

    /// <summary>The publication an entry in the log records.</summary>
    public static ReportPublication From(ReportPublished entry, ulong leafIndex, bool publishedNow)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string[] names = FileNames(entry.Quarter);
        return new ReportPublication(
            entry.Quarter,
            leafIndex,
            (ulong)entry.CheckpointSize,
            entry.CheckpointRoot,
            [new(names[0], entry.HtmlSha256), new(names[1], entry.JsonSha256), new(names[2], entry.CsvSha256), new(names[3], entry.XmlSha256)],
            publishedNow,
            entry.Time);
    }
}
