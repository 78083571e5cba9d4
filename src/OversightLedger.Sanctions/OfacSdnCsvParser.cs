using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sylvan.Data.Csv;

namespace OversightLedger.Sanctions;

/// <summary>
/// Reads OFAC's SDN list in its legacy CSV format: <c>sdn.csv</c> (12 columns), and where present <c>alt.csv</c>
/// (aliases, 5), <c>add.csv</c> (addresses, 6) and <c>sdn_comments.csv</c> (remarks continued, 2). Tolerates what the real
/// files do (<c>-0-</c> for null, padded fields, <c>"SDGT] [IFSR"</c> program joins, aliases only in the remarks, rows of
/// the side files naming entries <c>sdn.csv</c> does not hold, the trailing end-of-file control character); refuses a
/// truncated or malformed file with <see cref="SanctionsListFormatException"/>.
/// </summary>
public static class OfacSdnCsvParser
{
    /// <summary>The source name of the lists this parser makes.</summary>
    public const string SourceName = "OFAC-SDN";

    private const string Null = "-0-";
    private const int SdnColumns = 12;
    private const int AltColumns = 5;
    private const int AddColumns = 6;
    private const int CommentColumns = 2;

    /// <summary>Reads <c>sdn.csv</c> and whichever of <c>alt.csv</c>, <c>add.csv</c>, <c>sdn_comments.csv</c> the directory holds.</summary>
    public static SanctionsList ParseDirectory(string directory)
    {
        byte[] sdn = File.ReadAllBytes(Path.Combine(directory, "sdn.csv"));
        return Parse(sdn, ReadIfPresent(directory, "alt.csv"), ReadIfPresent(directory, "add.csv"), ReadIfPresent(directory, "sdn_comments.csv"));
    }

    /// <summary>Reads the files' bytes (the side files may be absent).</summary>
    public static SanctionsList Parse(byte[] sdn, byte[]? alt = null, byte[]? add = null, byte[]? comments = null)
    {
        ArgumentNullException.ThrowIfNull(sdn);
        var builders = new Dictionary<string, EntryBuilder>(StringComparer.Ordinal);
        var order = new List<EntryBuilder>();
        foreach ((long line, string[] row) in ReadRows("sdn.csv", sdn, SdnColumns))
        {
            EntryBuilder builder = ReadSdnRow(line, row);
            if (!builders.TryAdd(builder.Id, builder))
            {
                throw new SanctionsListFormatException("sdn.csv", line, $"entry {builder.Id} appears twice");
            }

            order.Add(builder);
        }

        if (order.Count == 0)
        {
            throw new SanctionsListFormatException("sdn.csv", null, "the file holds no entries");
        }

        var files = new List<SourceFileDigest> { Digest("sdn.csv", sdn) };

        // Comments first: they continue the remarks, where the aliases, dates and identifiers are read from.
        int dangling = JoinSideFile("sdn_comments.csv", comments, CommentColumns, builders, files, (entry, row) => entry.Remarks.Append(row[1]))
            + JoinSideFile("alt.csv", alt, AltColumns, builders, files, (entry, row) => entry.AddAlias(row[3]))
            + JoinSideFile("add.csv", add, AddColumns, builders, files, (entry, row) => entry.AddCountry(row[4]));

        SanctionsEntry[] entries = [.. order.Select(builder => builder.Build())];
        var version = new SanctionsListVersion(SourceName, null, entries.Length, files[0].Sha256, files, dangling);
        return new SanctionsList(version, entries);
    }

    /// <summary>Applies each row of a side file to its entry; returns how many rows named no entry.</summary>
    private static int JoinSideFile(
        string fileName, byte[]? bytes, int columns, Dictionary<string, EntryBuilder> builders, List<SourceFileDigest> files, Action<EntryBuilder, string[]> apply)
    {
        if (bytes is null)
        {
            return 0;
        }

        files.Add(Digest(fileName, bytes));
        int dangling = 0;
        foreach ((long line, string[] row) in ReadRows(fileName, bytes, columns))
        {
            if (Lookup(builders, fileName, line, row[0]) is { } entry)
            {
                apply(entry, row);
            }
            else
            {
                dangling++;
            }
        }

        return dangling;
    }

    private static byte[]? ReadIfPresent(string directory, string fileName)
    {
        string path = Path.Combine(directory, fileName);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    private static SourceFileDigest Digest(string fileName, byte[] bytes) =>
        new(fileName, bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes)));

    private static EntryBuilder? Lookup(Dictionary<string, EntryBuilder> builders, string fileName, long line, string id)
    {
        RequireEntryNumber(fileName, line, id);
        return builders.GetValueOrDefault(id);
    }

    private static void RequireEntryNumber(string fileName, long line, string id)
    {
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number <= 0)
        {
            throw new SanctionsListFormatException(fileName, line, $"the entry number '{Shorten(id)}' is not a positive integer");
        }
    }

    private static EntryBuilder ReadSdnRow(long line, string[] row)
    {
        RequireEntryNumber("sdn.csv", line, row[0]);
        if (row[1].Length == 0)
        {
            throw new SanctionsListFormatException("sdn.csv", line, $"entry {row[0]} has no name");
        }

        EntryKind kind = row[2].ToLowerInvariant() switch
        {
            "" => EntryKind.Entity,
            "individual" => EntryKind.Individual,
            "vessel" => EntryKind.Vessel,
            "aircraft" => EntryKind.Aircraft,
            _ => throw new SanctionsListFormatException("sdn.csv", line, $"entry {row[0]} has the unknown type '{Shorten(row[2])}'"),
        };
        var builder = new EntryBuilder(row[0], row[1], kind, row[3]);
        builder.AddCountry(row[9]);
        builder.Remarks.Append(row[11]);
        return builder;
    }

    /// <summary>The file's rows, each with exactly <paramref name="columns"/> fields, nulls as empty strings.</summary>
    private static List<(long Line, string[] Fields)> ReadRows(string fileName, byte[] bytes, int columns)
    {
        string text = ListFileText.Decode(bytes, fileName);

        var rows = new List<(long, string[])>();
        try
        {
            using var reader = CsvDataReader.Create(new StringReader(text), new CsvDataReaderOptions { HasHeaders = false, Delimiter = ',', Quote = '"', BufferSize = 1 << 16 });
            long record = 0;
            while (reader.Read())
            {
                record++;
                int count = reader.RowFieldCount;
                string[] fields = new string[count];
                bool blank = true;
                for (int i = 0; i < count; i++)
                {
                    fields[i] = Clean(reader.GetString(i));
                    blank &= fields[i].Length == 0;
                }

                // OFAC ends its files with an SUB (0x1A) line: a row of nothing but control characters and spaces.
                if (blank && count == 1)
                {
                    continue;
                }

                if (count != columns)
                {
                    throw new SanctionsListFormatException(fileName, record, $"{count} columns where {columns} are expected (a truncated or malformed file)");
                }

                rows.Add((record, fields));
            }
        }
        catch (CsvFormatException e)
        {
            throw new SanctionsListFormatException(fileName, e.RowNumber, "malformed CSV (an unterminated quoted field: a truncated file?)", e);
        }

        return rows;
    }

    private static string Clean(string field)
    {
        string trimmed = field.Trim().Trim(ControlCharacters).Trim();
        return trimmed == Null ? string.Empty : trimmed;
    }

    private static readonly char[] ControlCharacters = [.. Enumerable.Range(0, 32).Select(c => (char)c), '\u007f'];

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>Collects one entry across the four files.</summary>
    private sealed class EntryBuilder(string id, string name, EntryKind kind, string programs)
    {
        private readonly List<string> _aliases = [];
        private readonly List<string> _countries = [];

        public string Id { get; } = id;

        public StringBuilder Remarks { get; } = new();

        public void AddAlias(string alias)
        {
            if (alias.Length > 0 && !alias.Equals(name, StringComparison.OrdinalIgnoreCase) && !_aliases.Contains(alias, StringComparer.OrdinalIgnoreCase))
            {
                _aliases.Add(alias);
            }
        }

        public void AddCountry(string country)
        {
            if (country.Length > 0 && !_countries.Contains(country, StringComparer.OrdinalIgnoreCase))
            {
                _countries.Add(country);
            }
        }

        public SanctionsEntry Build()
        {
            string remarks = Remarks.ToString();
            foreach (string alias in OfacRemarks.Aliases(remarks))
            {
                AddAlias(alias);
            }

            foreach (string country in OfacRemarks.Countries(remarks))
            {
                AddCountry(country);
            }

            string[] programList = [.. programs.Split("] [", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => p.Trim('[', ']', ' ')).Where(p => p.Length > 0)];
            PartialDate[] dates = [.. OfacRemarks.DatesOfBirth(remarks).Distinct()];
            string[] identifiers = [.. OfacRemarks.Identifiers(remarks).Distinct(StringComparer.OrdinalIgnoreCase)];
            return new SanctionsEntry(Id, name, kind, programList, [.. _aliases], [.. _countries], dates, identifiers, remarks);
        }
    }
}
