using OversightLedger.Reporting.Csv;
using OversightLedger.Reporting.Json;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Rendering;

/// <summary>
/// The files of one report as the ledger serves them — what the quarterly publisher stores and the quarter-to-date page
/// serves, rendered the one same way.
/// </summary>
/// <param name="Html">The page, with its charts.</param>
/// <param name="Json">The JSON report (the figures <c>oversight replay</c> recomputes).</param>
/// <param name="Csv">The figures as CSV.</param>
/// <param name="Xml">The IATI 2.03 activity file, or null while the report has no budget (an IATI file needs an activity).</param>
public sealed record ReportFiles(byte[] Html, byte[] Json, byte[] Csv, byte[]? Xml)
{
    /// <summary>The extensions the files are served under, in this order: html, json, csv, xml.</summary>
    public static IReadOnlyList<string> Extensions { get; } = ["html", "json", "csv", "xml"];

    /// <summary>Renders every file of <paramref name="report"/>.</summary>
    public static ReportFiles Render(QuarterlyReport report, ReportHtmlOptions html, IatiWriterOptions iati)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(iati);
        return new ReportFiles(
            ReportHtmlWriter.Write(report, html),
            ReportJsonWriter.ToUtf8Bytes(report),
            ReportCsvWriter.ToUtf8Bytes(report),
            report.Budgets.Count > 0 ? IatiActivityWriter.Write(report, iati) : null);
    }

    /// <summary>The file served under <paramref name="extension"/> (html, json, csv or xml), or null when there is none.</summary>
    public byte[]? Get(string extension) => extension switch
    {
        "html" => Html,
        "json" => Json,
        "csv" => Csv,
        "xml" => Xml,
        _ => null,
    };
}
