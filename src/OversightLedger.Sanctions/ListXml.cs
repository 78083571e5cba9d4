using System.Globalization;
using System.Xml;

namespace OversightLedger.Sanctions;

/// <summary>What the XML list parsers share: a reader that resolves nothing, and the dates the files state.</summary>
internal static class ListXml
{
    /// <summary>A reader over the bytes that refuses DTDs (no entity expansion, no external fetches) and keeps line numbers.</summary>
    public static XmlReader CreateReader(byte[] xml) =>
        XmlReader.Create(
            new MemoryStream(xml, writable: false),
            new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true, CloseInput = true });

    /// <summary>The refusal for a reader error: a truncated file ends inside an element, which XmlReader reports here.</summary>
    public static SanctionsListFormatException NotWellFormed(string fileName, XmlException e) =>
        new(fileName, e.LineNumber == 0 ? null : e.LineNumber, $"not well-formed XML (a truncated file?): {e.Message}", e);

    /// <summary>The date part of an ISO 8601 timestamp as written (its own offset's calendar day), or null.</summary>
    public static DateOnly? TimestampDate(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset stamp)
            ? DateOnly.FromDateTime(stamp.DateTime)
            : null;

    /// <summary>An ISO date (<c>1951-06-19</c>, a time part ignored) as a full <see cref="PartialDate"/>, or null.</summary>
    public static PartialDate? IsoDate(string? text)
    {
        string value = text?.Trim() ?? string.Empty;
        if (value.Length > 10)
        {
            value = value[..10];
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date) && Plausible(date.Year)
            ? new PartialDate(date.Year, date.Month, date.Day)
            : null;
    }

    /// <summary>A year as the lists write it, or null when it is not a plausible Gregorian year of birth.</summary>
    public static int? Year(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int year) && Plausible(year) ? year : null;

    /// <summary>Every year of a range, or only the first when the range is reversed or wider than 20 years (a typo).</summary>
    public static IEnumerable<PartialDate> YearRange(int from, int to)
    {
        if (to < from || to - from > 20)
        {
            yield return new PartialDate(from, null, null);
            yield break;
        }

        for (int year = from; year <= to; year++)
        {
            yield return new PartialDate(year, null, null);
        }
    }

    /// <summary>Trims and collapses runs of white space (the lists pad names: <c>" RI "</c>, <c>"Abu  Zayd"</c>).</summary>
    public static string Clean(string? text) =>
        string.IsNullOrWhiteSpace(text) ? string.Empty : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    // Islamic-calendar years (1402) and typos (0196) are not years of birth screening can use.
    private static bool Plausible(int year) => year is >= 1800 and <= 2200;
}
