using System.Text;

namespace OversightLedger.Reporting.Figures;

/// <summary>
/// One figure of a report, flattened: the row of the CSV file and the unit <c>oversight replay</c> compares. The key
/// columns (<see cref="Budget"/>, <see cref="Program"/>, <see cref="Sector"/>, <see cref="Country"/>,
/// <see cref="Currency"/>) are empty where they do not apply; <see cref="Metric"/> names the figure within them, with
/// any inner item in brackets (<c>tranche[t1].released</c>).
/// </summary>
/// <param name="Section">The report section: <c>report</c>, <c>checkpoint</c>, <c>coverage</c>, <c>totals</c>, <c>budget</c>, <c>program</c>, <c>sector</c>, <c>country</c>, <c>month</c>, <c>findings</c>, <c>snap-back</c>, <c>exemption</c>, <c>transaction</c> or <c>uncounted</c>.</param>
/// <param name="Budget">The budget id, or empty.</param>
/// <param name="Program">The program id, or empty.</param>
/// <param name="Sector">The DAC sector code, or empty.</param>
/// <param name="Country">The country code, or empty.</param>
/// <param name="Currency">The currency code, or empty.</param>
/// <param name="Metric">The figure's name, e.g. <c>atQuarterEnd.available</c>.</param>
/// <param name="Value">
/// The value as the report files write it: money as a decimal string, counts and leaf indices in decimal, times UTC
/// RFC 3339, <c>true</c>/<c>false</c>, lists as a JSON array of strings, and an empty string for none.
/// </param>
public sealed record ReportFigure(string Section, string Budget, string Program, string Sector, string Country, string Currency, string Metric, string Value)
{
    /// <summary>
    /// Whether <see cref="Value"/> is a number (money, a count, a leaf index) rather than text: the CSV file writes a
    /// number as it is and neutralises text that could be read as a spreadsheet formula (<see cref="Csv.CsvCell"/>).
    /// </summary>
    public bool IsNumber { get; init; }

    /// <summary>
    /// Where the figure is, unique within a report: the section, each non-empty key column as <c>[column=value]</c>,
    /// then the metric, e.g. <c>budget[budget=syria-2026][currency=EUR].atQuarterEnd.available</c>.
    /// </summary>
    public string Path
    {
        get
        {
            var path = new StringBuilder(Section);
            Key(path, "budget", Budget);
            Key(path, "program", Program);
            Key(path, "sector", Sector);
            Key(path, "country", Country);
            Key(path, "currency", Currency);
            return path.Append('.').Append(Metric).ToString();
        }
    }

    private static void Key(StringBuilder path, string column, string value)
    {
        if (value.Length > 0)
        {
            path.Append('[').Append(column).Append('=').Append(value).Append(']');
        }
    }
}
