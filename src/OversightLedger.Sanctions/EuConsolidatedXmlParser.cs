using System.Globalization;
using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;

namespace OversightLedger.Sanctions;

/// <summary>
/// Reads the EU Consolidated Financial Sanctions List in its XML export (<c>xmlFullSanctionsList_1_1</c>: <c>export</c>
/// of <c>sanctionEntity</c>, with <c>nameAlias</c>, <c>citizenship</c>, <c>birthdate</c>, <c>address</c>,
/// <c>identification</c>, <c>regulation</c>), one entity at a time. The export has no primary name: the name is the
/// Latin-script <c>wholeName</c> with the lowest <c>logicalId</c> (the one first recorded), every other name an alias.
/// Tolerates the real file's quirks: names in many languages and scripts, <c>circa</c> dates given as
/// <c>yearRangeFrom</c>–<c>yearRangeTo</c> (their years), Islamic-calendar dates (their Gregorian <c>birthdate</c> when
/// stated, else skipped), <c>UNKNOWN</c> / <c>00</c> countries (skipped). Refuses with
/// <see cref="SanctionsListFormatException"/> a file that is not well-formed (a truncated one), has another root, holds
/// no entries, or holds an entity without <c>logicalId</c> or name, or twice.
/// </summary>
public static class EuConsolidatedXmlParser
{
    /// <summary>The source name of the lists this parser makes.</summary>
    public const string SourceName = "EU-FSF";

    private const string Root = "export";
    private const string UnknownCountryCode = "00";

    /// <summary>Reads the file's bytes.</summary>
    /// <param name="xml">The file as downloaded.</param>
    /// <param name="source">The list's name in the version (default <see cref="SourceName"/>).</param>
    /// <param name="fileName">The file's name in errors and the version's digest.</param>
    public static SanctionsList Parse(byte[] xml, string source = SourceName, string fileName = "xmlFullSanctionsList_1_1.xml")
        => ListXml.ReadList(xml, source, fileName, Root, "generationDate", name => name == "sanctionEntity", ReadEntry, "sanctionEntity");

    private static SanctionsEntry ReadEntry(XElement element, string fileName, long? line)
    {
        string id = ListXml.Clean(Attribute(element, "logicalId"));
        (string Text, long Order)[] names = [.. Children(element, "nameAlias")
            .Select((alias, index) => (Text: AliasName(alias), Order: LogicalIdOrder(alias, index)))
            .Where(alias => alias.Text.Length > 0)];
        if (id.Length == 0 || names.Length == 0)
        {
            throw new SanctionsListFormatException(fileName, line, "a sanctionEntity without logicalId or name");
        }

        string name = names.Where(n => IsLatin(n.Text)).DefaultIfEmpty(names[0]).MinBy(n => n.Order).Text;
        string[] aliases = [.. names.Select(n => n.Text).Where(a => !a.Equals(name, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase)];

        EntryKind kind = Attribute(Children(element, "subjectType").FirstOrDefault(), "code").Trim().ToLowerInvariant() switch
        {
            "person" => EntryKind.Individual,
            _ => EntryKind.Entity,
        };
        string[] programs = [.. Children(element, "regulation").Select(r => ListXml.Clean(Attribute(r, "programme"))).Where(p => p.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        string[] countries = [.. Children(element, "citizenship").Concat(Children(element, "address")).Concat(Children(element, "birthdate"))
            .SelectMany(Countries)
            .Distinct(StringComparer.OrdinalIgnoreCase)];
        PartialDate[] dates = [.. Children(element, "birthdate").SelectMany(DatesOfBirth).Distinct()];
        string[] identifiers = [.. Children(element, "identification")
            .SelectMany(i => new[] { Attribute(i, "number"), Attribute(i, "latinNumber") })
            .Select(ListXml.Clean)
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)];
        string remarks = string.Join("\n", Children(element, "remark").Select(r => r.Value.Trim()).Where(r => r.Length > 0));
        return new SanctionsEntry(id, name, kind, programs, aliases, countries, dates, identifiers, remarks);
    }

    /// <summary>One <c>birthdate</c>: its Gregorian date, its year (month, day), or its range's years.</summary>
    internal static IEnumerable<PartialDate> DatesOfBirth(XElement birthdate)
    {
        // The ISLAMIC entries state the Hijri year in "year" (1402) but the Gregorian date in "birthdate".
        if (ListXml.IsoDate(Attribute(birthdate, "birthdate")) is { } date)
        {
            return [date];
        }

        bool gregorian = !Attribute(birthdate, "calendarType").Equals("ISLAMIC", StringComparison.OrdinalIgnoreCase);
        if (gregorian && ListXml.Year(Attribute(birthdate, "year")) is { } year)
        {
            int? month = SmallNumber(Attribute(birthdate, "monthOfYear"), 12);
            int? day = month is null ? null : SmallNumber(Attribute(birthdate, "dayOfMonth"), 31);
            return [new PartialDate(year, month, day)];
        }

        if (gregorian && ListXml.Year(Attribute(birthdate, "yearRangeFrom")) is { } from)
        {
            return ListXml.Year(Attribute(birthdate, "yearRangeTo")) is { } to ? ListXml.YearRange(from, to) : [new PartialDate(from, null, null)];
        }

        return [];
    }

    // "IRAN (ISLAMIC REPUBLIC OF)" also as "IRAN", so that a query's "Iran" agrees.
    private static IEnumerable<string> Countries(XElement element) =>
        Countries(Attribute(element, "countryIso2Code"), Attribute(element, "countryDescription"));

    /// <summary>A country as the export states it (ISO code and description): its description, also without its parenthesis; nothing for <c>00</c> / <c>UNKNOWN</c>.</summary>
    internal static IEnumerable<string> Countries(string isoCode, string countryDescription)
    {
        string code = isoCode.Trim();
        string description = ListXml.Clean(countryDescription);
        if (code == UnknownCountryCode || description.Length == 0 || description.Equals("UNKNOWN", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }

        yield return description;
        int parenthesis = description.IndexOf(" (", StringComparison.Ordinal);
        if (parenthesis > 0)
        {
            yield return description[..parenthesis];
        }
    }

    private static string AliasName(XElement alias)
    {
        string whole = ListXml.Clean(Attribute(alias, "wholeName"));
        return whole.Length > 0
            ? whole
            : ListXml.Clean(string.Join(' ', Attribute(alias, "firstName"), Attribute(alias, "middleName"), Attribute(alias, "lastName")));
    }

    // Aliases without a usable logicalId come after those with one, in file order.
    private static long LogicalIdOrder(XElement alias, int index) =>
        long.TryParse(Attribute(alias, "logicalId"), NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : long.MaxValue - 1_000_000 + index;

    /// <summary>Whether a name has a Latin letter (the primary name is the first recorded Latin-script one).</summary>
    internal static bool IsLatin(string name) => name.Any(c => char.IsLetter(c) && c < '\u0250');

    private static int? SmallNumber(string text, int maximum) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1 && value <= maximum ? value : null;

    private static IEnumerable<XElement> Children(XElement element, string localName) =>
        element.Elements().Where(child => child.Name.LocalName == localName);

    private static string Attribute(XElement? element, string name) => element?.Attribute(name)?.Value ?? string.Empty;

}
