using System.Globalization;
using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;

namespace OversightLedger.Sanctions;

/// <summary>
/// Reads OFAC's XML export (<c>sdnList</c> of <c>sdnEntry</c>: the SDN list's <c>sdn.xml</c> and the Consolidated
/// non-SDN list's <c>consolidated.xml</c>), with structured aliases, addresses, dates of birth, nationalities and IDs.
/// A file that is not well-formed (a truncated one) or whose entry count differs from its <c>Record_Count</c> is
/// refused with <see cref="SanctionsListFormatException"/>.
/// </summary>
public static class OfacXmlParser
{
    /// <summary>Reads the file's bytes; <paramref name="source"/> names the list (e.g. <c>OFAC-CONSOLIDATED</c>).</summary>
    public static SanctionsList Parse(byte[] xml, string source, string fileName = "sdn.xml")
    {
        ArgumentNullException.ThrowIfNull(xml);
        XDocument document;
        try
        {
            using var stream = new MemoryStream(xml, writable: false);
            document = XDocument.Load(XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }));
        }
        catch (XmlException e)
        {
            throw new SanctionsListFormatException(fileName, e.LineNumber, $"not well-formed XML (a truncated file?): {e.Message}", e);
        }

        XElement root = document.Root!;
        if (root.Name.LocalName != "sdnList")
        {
            throw new SanctionsListFormatException(fileName, null, $"the root element is <{root.Name.LocalName}>, not <sdnList>");
        }

        XNamespace ns = root.Name.Namespace;
        XElement? publication = root.Element(ns + "publshInformation");
        DateOnly? published = DateOnly.TryParseExact(publication?.Element(ns + "Publish_Date")?.Value, "MM/dd/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
            ? date
            : null;
        var entries = new List<SanctionsEntry>();
        foreach (XElement element in root.Elements(ns + "sdnEntry"))
        {
            entries.Add(ReadEntry(element, ns, fileName));
        }

        if (entries.Count == 0)
        {
            throw new SanctionsListFormatException(fileName, null, "the file holds no entries");
        }

        if (int.TryParse(publication?.Element(ns + "Record_Count")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int recordCount) && recordCount != entries.Count)
        {
            throw new SanctionsListFormatException(fileName, null, $"{entries.Count} entries where Record_Count says {recordCount}");
        }

        var digest = new SourceFileDigest(fileName, xml.LongLength, Convert.ToHexStringLower(SHA256.HashData(xml)));
        return new SanctionsList(new SanctionsListVersion(source, published, entries.Count, digest.Sha256, [digest], 0), entries);
    }

    private static SanctionsEntry ReadEntry(XElement element, XNamespace ns, string fileName)
    {
        string id = element.Element(ns + "uid")?.Value.Trim() ?? string.Empty;
        string name = FullName(element, ns);
        if (id.Length == 0 || name.Length == 0)
        {
            throw new SanctionsListFormatException(fileName, (element as IXmlLineInfo).LineNumber, "an sdnEntry without uid or name");
        }

        EntryKind kind = (element.Element(ns + "sdnType")?.Value.Trim().ToLowerInvariant()) switch
        {
            "individual" => EntryKind.Individual,
            "vessel" => EntryKind.Vessel,
            "aircraft" => EntryKind.Aircraft,
            _ => EntryKind.Entity,
        };
        string[] programs = [.. element.Descendants(ns + "program").Select(p => p.Value.Trim()).Where(p => p.Length > 0)];
        string[] aliases = [.. element.Descendants(ns + "aka").Select(aka => FullName(aka, ns)).Where(a => a.Length > 0 && a != name).Distinct(StringComparer.OrdinalIgnoreCase)];
        string[] countries = [.. element.Descendants(ns + "country").Select(c => c.Value.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        PartialDate[] dates = [.. element.Descendants(ns + "dateOfBirth").Select(d => OfacRemarks.ParseDate(d.Value)).OfType<PartialDate>().Distinct()];
        string[] identifiers = [.. element.Descendants(ns + "idNumber").Select(i => i.Value.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        string remarks = element.Element(ns + "remarks")?.Value.Trim() ?? string.Empty;
        return new SanctionsEntry(id, name, kind, programs, aliases, countries, dates, identifiers, remarks);
    }

    // OFAC's CSV spelling: "LASTNAME, Firstname" for people, the last name alone for others.
    private static string FullName(XElement element, XNamespace ns)
    {
        string last = element.Element(ns + "lastName")?.Value.Trim() ?? string.Empty;
        string first = element.Element(ns + "firstName")?.Value.Trim() ?? string.Empty;
        return first.Length == 0 ? last : last.Length == 0 ? first : $"{last}, {first}";
    }
}
