using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace OversightLedger.Sanctions;

/// <summary>
/// Reads the UN Security Council Consolidated List as the UN publishes it (<c>consolidated.xml</c>, schema
/// <c>CONSOLIDATED_LIST</c>: <c>INDIVIDUALS/INDIVIDUAL</c> and <c>ENTITIES/ENTITY</c>), one element at a time. Tolerates
/// what the real file does: empty alias elements (<c>&lt;ALIAS_NAME/&gt;</c>), padded names, dates of birth given as
/// <c>DATE</c>, <c>YEAR</c>, a <c>FROM_YEAR</c>–<c>TO_YEAR</c> range (its years) or only in a <c>NOTE</c>
/// (<c>"Nov. 1973"</c>; a Hijri date is skipped), empty date elements, two entity names joined with <c>" ; "</c>.
/// Refuses with <see cref="SanctionsListFormatException"/> a file that is not well-formed (a truncated one), has another
/// root, holds no entries, or holds an entry without reference number or name, or twice.
/// </summary>
public static partial class UnConsolidatedXmlParser
{
    /// <summary>The source name of the lists this parser makes.</summary>
    public const string SourceName = "UN-SC-CONSOLIDATED";

    private const string Root = "CONSOLIDATED_LIST";

    private static readonly Dictionary<string, int> Months = BuildMonths();

    /// <summary>Reads the file's bytes.</summary>
    /// <param name="xml">The file as downloaded.</param>
    /// <param name="source">The list's name in the version (default <see cref="SourceName"/>).</param>
    /// <param name="fileName">The file's name in errors and the version's digest.</param>
    public static SanctionsList Parse(byte[] xml, string source = SourceName, string fileName = "consolidated.xml")
        => ListXml.ReadList(xml, source, fileName, Root, "dateGenerated", name => name is "INDIVIDUAL" or "ENTITY", ReadEntry, "entry");

    private static SanctionsEntry ReadEntry(XElement element, string fileName, long? line)
    {
        bool individual = element.Name.LocalName == "INDIVIDUAL";
        string id = ListXml.Clean(Value(element, "REFERENCE_NUMBER"));
        if (id.Length == 0)
        {
            id = ListXml.Clean(Value(element, "DATAID"));
        }

        string name = ListXml.Clean(string.Join(' ', new[] { "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME" }.Select(part => Value(element, part))));
        if (id.Length == 0 || name.Length == 0)
        {
            throw new SanctionsListFormatException(fileName, line, $"an {element.Name.LocalName} without reference number or name");
        }

        // An entity listed under two names writes them as one: "COMPAGNIE … (CAGL) ; GREAT LAKES … (GLBC)".
        IEnumerable<string> nameParts = name.Contains(" ; ", StringComparison.Ordinal) ? name.Split(" ; ").Select(ListXml.Clean) : [];
        IEnumerable<string> listedAliases = Children(element, individual ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS").Select(alias => ListXml.Clean(Value(alias, "ALIAS_NAME")));
        string[] aliases = [.. nameParts.Concat(listedAliases).Append(ListXml.Clean(Value(element, "NAME_ORIGINAL_SCRIPT")))
            .Where(alias => alias.Length > 0 && !alias.Equals(name, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)];

        IEnumerable<string> nationalities = Children(element, "NATIONALITY").SelectMany(n => Children(n, "VALUE")).Select(v => v.Value);
        IEnumerable<string> places = Children(element, individual ? "INDIVIDUAL_ADDRESS" : "ENTITY_ADDRESS")
            .Concat(Children(element, "INDIVIDUAL_PLACE_OF_BIRTH"))
            .Select(place => Value(place, "COUNTRY"));
        string[] countries = [.. nationalities.Concat(places).Select(ListXml.Clean).Where(c => c.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];

        PartialDate[] dates = [.. Children(element, "INDIVIDUAL_DATE_OF_BIRTH").SelectMany(DatesOfBirth).Distinct()];
        string[] identifiers = [.. Children(element, "INDIVIDUAL_DOCUMENT").Select(d => ListXml.Clean(Value(d, "NUMBER"))).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        string[] programs = [.. new[] { ListXml.Clean(Value(element, "UN_LIST_TYPE")) }.Where(p => p.Length > 0)];
        string remarks = Value(element, "COMMENTS1").Trim();
        return new SanctionsEntry(id, name, individual ? EntryKind.Individual : EntryKind.Entity, programs, aliases, countries, dates, identifiers, remarks);
    }

    /// <summary>One <c>INDIVIDUAL_DATE_OF_BIRTH</c>: its date, its year, its range's years, or what its note states.</summary>
    internal static IEnumerable<PartialDate> DatesOfBirth(XElement dateOfBirth)
    {
        if (ListXml.IsoDate(Value(dateOfBirth, "DATE")) is { } date)
        {
            return [date];
        }

        string note = Value(dateOfBirth, "NOTE");
        if (ListXml.Year(Value(dateOfBirth, "YEAR")) is { } year)
        {
            // "YEAR 1958" with "NOTE Sep." is September 1958.
            int? month = SingleMonth(note);
            return [new PartialDate(year, month, null)];
        }

        if (ListXml.Year(Value(dateOfBirth, "FROM_YEAR")) is { } from)
        {
            return ListXml.Year(Value(dateOfBirth, "TO_YEAR")) is { } to ? ListXml.YearRange(from, to) : [new PartialDate(from, null, null)];
        }

        return FromNote(note);
    }

    // "Nov. 1973", "August 1961", "Between Aug. and Sep. 1977" (the year only); "24/06/1402 (Hijri Calendar)" and
    // "30-35 years old" give nothing.
    private static IEnumerable<PartialDate> FromNote(string note)
    {
        int[] years = [.. YearPattern().Matches(note).Select(m => ListXml.Year(m.Value)).OfType<int>().Distinct()];
        int? month = years.Length == 1 ? SingleMonth(note) : null;
        return years.Select(year => new PartialDate(year, month, null));
    }

    private static int? SingleMonth(string note)
    {
        int[] months = [.. WordPattern().Matches(note).Select(m => Months.GetValueOrDefault(m.Value.ToUpperInvariant())).Where(m => m > 0).Distinct()];
        return months.Length == 1 ? months[0] : null;
    }

    private static Dictionary<string, int> BuildMonths()
    {
        string[] names = ["JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"];
        var months = new Dictionary<string, int>(StringComparer.Ordinal) { ["SEPT"] = 9 };
        for (int m = 0; m < names.Length; m++)
        {
            months[names[m]] = m + 1;
            months[names[m][..3]] = m + 1;
        }

        return months;
    }

    private static IEnumerable<XElement> Children(XElement element, string localName) =>
        element.Elements().Where(child => child.Name.LocalName == localName);

    private static string Value(XElement element, string localName) =>
        Children(element, localName).FirstOrDefault()?.Value ?? string.Empty;


    [GeneratedRegex(@"\b\d{4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"\p{L}+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
