using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Sylvan.Data.Csv;

namespace OversightLedger.Sanctions;

/// <summary>
/// Reads the EU Consolidated Financial Sanctions List in its CSV export (<c>csvFullSanctionsList_1_1</c>): UTF-8 (with or
/// without a byte-order mark), semicolon-separated, a header row, then one row per entity and detail — a name alias, an
/// address, a birth date, an identification or a citizenship — each repeating the entity's own columns
/// (<c>Entity_LogicalId</c>, <c>Entity_SubjectType</c>, <c>Entity_Regulation_Programme</c>, <c>Entity_Remark</c>…). The rows of
/// one entity are merged into one entry, chosen and read as <see cref="EuConsolidatedXmlParser"/> reads the XML export (the
/// name is the Latin-script <c>NameAlias_WholeName</c> with the lowest <c>NameAlias_LogicalId</c>, same dates, countries and
/// identifiers). Columns are found by their header names, so their order and any column not read do not matter. Refuses
/// with <see cref="SanctionsListFormatException"/> a file that is not UTF-8 text, lacks the header (or a required column:
/// <c>Entity_LogicalId</c>, <c>NameAlias_WholeName</c>, <c>Entity_SubjectType</c> or its classification code — which is also
/// what a file with another delimiter lacks), has a row with another number of fields than the header (a truncated file)
/// or an unterminated quoted field, a row without <c>Entity_LogicalId</c>, an entity without any name, or no entity at all.
/// A file cut exactly at a row's end cannot be told from a shorter list.
/// </summary>
public static class EuConsolidatedCsvParser
{
    /// <summary>The source name of the lists this parser makes (the same list as the XML export's).</summary>
    public const string SourceName = EuConsolidatedXmlParser.SourceName;

    /// <summary>The name the publisher's CSV file has when its address does not say one.</summary>
    public const string DefaultFileName = "csvFullSanctionsList_1_1.csv";

    private const char Delimiter = ';';
    private const string LogicalId = "Entity_LogicalId";
    private const string WholeName = "NameAlias_WholeName";

    /// <summary>Reads the file's bytes.</summary>
    /// <param name="csv">The file as downloaded.</param>
    /// <param name="source">The list's name in the version (default <see cref="SourceName"/>).</param>
    /// <param name="fileName">The file's name in errors and the version's digest.</param>
    public static SanctionsList Parse(byte[] csv, string source = SourceName, string fileName = DefaultFileName)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        string text = ListFileText.Decode(csv, fileName);
        var entities = new Dictionary<string, EntityRows>(StringComparer.Ordinal);
        var order = new List<EntityRows>();
        DateOnly? published = null;
        try
        {
            using var reader = CsvDataReader.Create(
                new StringReader(text), new CsvDataReaderOptions { HasHeaders = true, Delimiter = Delimiter, Quote = '"', BufferSize = 1 << 16 });
            var columns = new Columns(reader, fileName);
            long record = 1;
            while (reader.Read())
            {
                record++;
                if (reader.RowFieldCount == 1 && reader.GetString(0).Trim().Length == 0)
                {
                    continue; // a blank line
                }

                if (reader.RowFieldCount != columns.Count)
                {
                    throw new SanctionsListFormatException(
                        fileName, record, $"{reader.RowFieldCount} fields where the header has {columns.Count} (a truncated or malformed file)");
                }

                string id = ListXml.Clean(reader.GetString(columns.LogicalId));
                if (id.Length == 0)
                {
                    throw new SanctionsListFormatException(fileName, record, $"a row without {LogicalId}");
                }

                published ??= columns.Published is { } dateColumn ? PublicationDate(reader.GetString(dateColumn)) : null;
                if (!entities.TryGetValue(id, out EntityRows? entity))
                {
                    entity = new EntityRows(id, record);
                    entities.Add(id, entity);
                    order.Add(entity);
                }

                entity.Add(columns, reader);
            }
        }
        catch (CsvFormatException e)
        {
            throw new SanctionsListFormatException(fileName, e.RowNumber, "malformed CSV (an unterminated quoted field: a truncated file?)", e);
        }

        if (order.Count == 0)
        {
            throw new SanctionsListFormatException(fileName, null, "the file holds no entries");
        }

        SanctionsEntry[] entries = [.. order.Select(e => e.ToEntry(fileName))];
        var digest = new SourceFileDigest(fileName, csv.LongLength, Convert.ToHexStringLower(SHA256.HashData(csv)));
        return new SanctionsList(new SanctionsListVersion(source, published, entries.Length, digest.Sha256, [digest], 0), entries);
    }

    // "05/08/2026" in the exports seen; an ISO date is taken too.
    private static DateOnly? PublicationDate(string text) =>
        DateOnly.TryParseExact(text.Trim(), ["dd/MM/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date) ? date : null;

    /// <summary>Where the columns read are, by header name; the required ones must be there.</summary>
    private sealed class Columns
    {
        private readonly Dictionary<string, int> _byName = new(StringComparer.OrdinalIgnoreCase);

        public Columns(CsvDataReader reader, string fileName)
        {
            Count = reader.FieldCount;
            for (int i = 0; i < reader.FieldCount; i++)
            {
                _byName.TryAdd(reader.GetName(i).Trim(), i);
            }

            LogicalId = Required(EuConsolidatedCsvParser.LogicalId, fileName);
            WholeName = Required(EuConsolidatedCsvParser.WholeName, fileName);
            SubjectType = Optional("Entity_SubjectType_ClassificationCode") ?? Optional("Entity_SubjectType")
                ?? throw Missing("Entity_SubjectType", fileName);
            Published = Optional("fileGenerationDate");
        }

        public int Count { get; }

        public int LogicalId { get; }

        public int WholeName { get; }

        public int SubjectType { get; }

        public int? Published { get; }

        public int? Optional(string name) => _byName.TryGetValue(name, out int index) ? index : null;

        private int Required(string name, string fileName) => Optional(name) ?? throw Missing(name, fileName);

        private SanctionsListFormatException Missing(string name, string fileName) =>
            new(fileName, 1, Count <= 1
                ? $"the header has no column {name} and a single field: not the EU CSV export (which is separated by ';'), or no header"
                : $"the header has no column {name}: not the EU CSV export, or no header");
    }

    /// <summary>The rows of one entity, merged.</summary>
    private sealed class EntityRows(string id, long firstRecord)
    {
        private readonly List<(string Name, long Order)> _names = [];
        private readonly List<string> _programs = [];
        private readonly List<string> _countries = [];
        private readonly List<PartialDate> _dates = [];
        private readonly List<string> _identifiers = [];
        private readonly List<string> _remarks = [];
        private string _subjectType = string.Empty;

        public void Add(Columns columns, CsvDataReader row)
        {
            string Field(string name) => columns.Optional(name) is { } index ? row.GetString(index) : string.Empty;

            if (_subjectType.Length == 0)
            {
                _subjectType = row.GetString(columns.SubjectType).Trim();
            }

            string name = ListXml.Clean(row.GetString(columns.WholeName));
            if (name.Length == 0)
            {
                name = ListXml.Clean(string.Join(' ', Field("NameAlias_FirstName"), Field("NameAlias_MiddleName"), Field("NameAlias_LastName")));
            }

            if (name.Length > 0)
            {
                long order = long.TryParse(Field("NameAlias_LogicalId").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long aliasId)
                    ? aliasId
                    : long.MaxValue - 1_000_000 + _names.Count;
                _names.Add((name, order));
            }

            AddDistinct(_programs, ListXml.Clean(Field("Entity_Regulation_Programme")));
            AddDistinct(_remarks, Field("Entity_Remark").Trim());
            foreach (string prefix in (string[])["Citizenship", "Address", "BirthDate"])
            {
                foreach (string country in EuConsolidatedXmlParser.Countries(Field(prefix + "_CountryIso2Code"), Field(prefix + "_CountryDescription")))
                {
                    AddDistinct(_countries, country);
                }
            }

            // The birth date columns mirror the XML birthdate attributes: read them the same way.
            var birthdate = new XElement(
                "birthdate",
                new XAttribute("birthdate", Field("BirthDate_BirthDate")),
                new XAttribute("year", Field("BirthDate_Year")),
                new XAttribute("monthOfYear", Field("BirthDate_Month") is { Length: > 0 } month ? month : Field("BirthDate_MonthOfYear")),
                new XAttribute("dayOfMonth", Field("BirthDate_Day") is { Length: > 0 } day ? day : Field("BirthDate_DayOfMonth")),
                new XAttribute("yearRangeFrom", Field("BirthDate_YearRangeFrom")),
                new XAttribute("yearRangeTo", Field("BirthDate_YearRangeTo")),
                new XAttribute("calendarType", Field("BirthDate_CalendarType")));
            foreach (PartialDate date in EuConsolidatedXmlParser.DatesOfBirth(birthdate))
            {
                if (!_dates.Contains(date))
                {
                    _dates.Add(date);
                }
            }

            AddDistinct(_identifiers, ListXml.Clean(Field("Identification_Number")));
            AddDistinct(_identifiers, ListXml.Clean(Field("Identification_LatinNumber")));
        }

        public SanctionsEntry ToEntry(string fileName)
        {
            if (_names.Count == 0)
            {
                throw new SanctionsListFormatException(fileName, firstRecord, $"the entity {id} has no name in any row");
            }

            string name = _names.Where(n => EuConsolidatedXmlParser.IsLatin(n.Name)).DefaultIfEmpty(_names[0]).MinBy(n => n.Order).Name;
            string[] aliases = [.. _names.Select(n => n.Name).Where(a => !a.Equals(name, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase)];
            EntryKind kind = _subjectType.ToLowerInvariant() is "person" or "p" ? EntryKind.Individual : EntryKind.Entity;
            return new SanctionsEntry(id, name, kind, _programs, aliases, _countries, _dates, _identifiers, string.Join("\n", _remarks));
        }

        private static void AddDistinct(List<string> values, string value)
        {
            if (value.Length > 0 && !values.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                values.Add(value);
            }
        }
    }
}
