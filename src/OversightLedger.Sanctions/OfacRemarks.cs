using System.Globalization;
using System.Text.RegularExpressions;

namespace OversightLedger.Sanctions;

/// <summary>
/// Reads what screening needs out of OFAC's free-text remarks: <c>a.k.a. '…'</c> aliases, <c>DOB …</c>, identifiers and
/// countries. The legacy CSV has no other place for aliases when <c>alt.csv</c> is absent.
/// </summary>
internal static partial class OfacRemarks
{
    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    // An alias ends at a quote followed by ';' or '.' or the end: names hold apostrophes ('ABU-'UMAR').
    [GeneratedRegex(@"\b[afn]\.k\.a\.,?\s*'(?<name>.+?)'(?=\s*[;.]|\s*$)", RegexOptions.CultureInvariant)]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"\bDOB (?:circa )?(?<from>(?:\d{1,2} )?(?:[A-Z][a-z]{2} )?\d{4})(?: to (?<to>(?:\d{1,2} )?(?:[A-Z][a-z]{2} )?\d{4}))?", RegexOptions.CultureInvariant)]
    private static partial Regex DateOfBirthPattern();

    [GeneratedRegex(@"\b(?:nationality|citizen|POB) (?<place>[^;]+)", RegexOptions.CultureInvariant)]
    private static partial Regex CountryPattern();

    [GeneratedRegex(@"\b(?:Registration (?:Number|ID)|Business Registration Number|Company Number|Tax ID No\.|National ID No\.|Passport|Cedula No\.|Identification Number|Vessel Registration Identification|Legal Entity Number|Registration Number|SWIFT/BIC|D-U-N-S Number|NIT #|RFC|C\.U\.R\.P\.|V\.A\.T\. Number)\s+(?:IMO\s+)?(?<id>[A-Za-z0-9][A-Za-z0-9./-]*[A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();

    /// <summary>The aliases the remarks name.</summary>
    public static IEnumerable<string> Aliases(string remarks) =>
        AliasPattern().Matches(remarks).Select(m => m.Groups["name"].Value.Trim()).Where(name => name.Length > 0);

    /// <summary>The dates of birth, a range given as its years.</summary>
    public static IEnumerable<PartialDate> DatesOfBirth(string remarks)
    {
        foreach (Match match in DateOfBirthPattern().Matches(remarks))
        {
            PartialDate? from = ParseDate(match.Groups["from"].Value);
            if (from is null)
            {
                continue;
            }

            PartialDate? to = match.Groups["to"].Success ? ParseDate(match.Groups["to"].Value) : null;
            if (to is null || to.Year < from.Year || to.Year - from.Year > 20)
            {
                yield return from;
                continue;
            }

            for (int year = from.Year; year <= to.Year; year++)
            {
                yield return new PartialDate(year, null, null);
            }
        }
    }

    /// <summary>Countries of nationality, citizenship and birth (the last comma-separated part of a place).</summary>
    public static IEnumerable<string> Countries(string remarks) =>
        CountryPattern().Matches(remarks)
            .Select(m => m.Groups["place"].Value.TrimEnd('.', ' '))
            .Select(place => place[(place.LastIndexOf(',') + 1)..].Trim())
            .Where(country => country.Length > 0);

    /// <summary>Registration numbers, passports, tax and national IDs, IMO numbers.</summary>
    public static IEnumerable<string> Identifiers(string remarks) =>
        IdentifierPattern().Matches(remarks).Select(m => m.Groups["id"].Value);

    /// <summary>Parses "28 Jul 1963", "Jul 1963", "1963" (also the XML's "28 Jul 1963" and "1963").</summary>
    public static PartialDate? ParseDate(string text)
    {
        string[] parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int year) || year < 1800 || year > 2200)
        {
            return null;
        }

        int? month = null;
        int? day = null;
        if (parts.Length >= 2)
        {
            int index = Array.IndexOf(MonthNames, parts[^2]);
            if (index < 0)
            {
                return new PartialDate(year, null, null);
            }

            month = index + 1;
        }

        if (parts.Length >= 3 && int.TryParse(parts[^3], NumberStyles.None, CultureInfo.InvariantCulture, out int d) && d is >= 1 and <= 31)
        {
            day = d;
        }

        return new PartialDate(year, month, day);
    }
}
