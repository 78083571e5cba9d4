using System.Globalization;
using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;

namespace OversightLedger.Sanctions;

/// <summary>What the XML list parsers share: reading a file entry element by entry element, a reader that resolves nothing, and the dates the files state.</summary>
internal static class ListXml
{
    /// <summary>
    /// Reads a list: the root must be <paramref name="root"/> (its <paramref name="publishedAttribute"/> the publication
    /// date), each element <paramref name="isEntry"/> accepts is read whole by <paramref name="readEntry"/> (given the
    /// file's name and the element's line); an entry id seen twice, a file with no entries or one not well-formed (a
    /// truncated one) is refused with <see cref="SanctionsListFormatException"/>.
    /// </summary>
    public static SanctionsList ReadList(
        byte[] xml, string source, string fileName, string root, string publishedAttribute, Func<string, bool> isEntry,
        Func<XElement, string, long?, SanctionsEntry> readEntry, string entryLabel)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var entries = new List<SanctionsEntry>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        DateOnly? published;
        try
        {
            using XmlReader reader = CreateReader(xml);
            reader.MoveToContent();
            if (reader.LocalName != root)
            {
                throw new SanctionsListFormatException(fileName, LineOf(reader), $"the root element is <{reader.LocalName}>, not <{root}>");
            }

            published = TimestampDate(reader.GetAttribute(publishedAttribute));
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && isEntry(reader.LocalName))
                {
                    long? line = LineOf(reader);
                    var element = (XElement)XNode.ReadFrom(reader);
                    SanctionsEntry entry = readEntry(element, fileName, line);
                    if (!ids.Add(entry.Id))
                    {
                        throw new SanctionsListFormatException(fileName, line, $"{entryLabel} {entry.Id} appears twice");
                    }

                    entries.Add(entry);
                }
                else
                {
                    reader.Read();
                }
            }
        }
        catch (XmlException e)
        {
            throw NotWellFormed(fileName, e);
        }

        if (entries.Count == 0)
        {
            throw new SanctionsListFormatException(fileName, null, "the file holds no entries");
        }

        var digest = new SourceFileDigest(fileName, xml.LongLength, Convert.ToHexStringLower(SHA256.HashData(xml)));
        return new SanctionsList(new SanctionsListVersion(source, published, entries.Count, digest.Sha256, [digest], 0), entries);
    }

    /// <summary>The reader's current line, when it knows it.</summary>
    public static long? LineOf(XmlReader reader) => reader is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : null;

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
