using System.Text;
using OversightLedger.Reporting.Figures;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Csv;

/// <summary>
/// Writes a report as CSV (RFC 4180: CRLF line ends, a field quoted when it holds a comma, a double quote, CR or LF,
/// quotes doubled; UTF-8 without byte order mark): a header
/// <c>section,budget,program,sector,country,currency,metric,value</c>, then one row per figure in the order of
/// <see cref="ReportFigures.Flatten"/>. Every cell is text except a <see cref="ReportFigure.IsNumber"/> value, and text
/// that could be read as a spreadsheet formula is neutralised (<see cref="CsvCell"/>): a donor named <c>=cmd|…</c> is
/// written <c>"'=cmd|…"</c>, a negative amount stays <c>-12.50</c>. The same report always gives the same bytes.
/// </summary>
public static class ReportCsvWriter
{
    /// <summary>The header row's columns.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["section", "budget", "program", "sector", "country", "currency", "metric", "value"];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The report's CSV bytes.</summary>
    public static byte[] ToUtf8Bytes(QuarterlyReport report)
    {
        using var stream = new MemoryStream();
        Write(report, stream);
        return stream.ToArray();
    }

    /// <summary>Writes the report's CSV to <paramref name="stream"/>.</summary>
    public static void Write(QuarterlyReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new StreamWriter(stream, Utf8, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        WriteRow(writer, Columns);
        foreach (ReportFigure figure in ReportFigures.Flatten(report))
        {
            WriteRow(writer, [figure.Section, figure.Budget, figure.Program, figure.Sector, figure.Country, figure.Currency, figure.Metric, figure.Value], figure.IsNumber);
        }
    }

    private static void WriteRow(StreamWriter writer, IReadOnlyList<string> fields, bool lastIsNumber = false)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(lastIsNumber && i == fields.Count - 1 ? CsvCell.Number(fields[i]) : CsvCell.Text(fields[i]));
        }

        writer.WriteLine();
    }
}
