using System.Text;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Rendering;

/// <summary>
/// Writes a <see cref="QuarterlyReport"/> as one self-contained HTML page for donors and the public: every section of
/// the report as headed tables, charts as inline SVG, the checkpoint it cites, links to the other formats, and the
/// exact commands that verify it.
/// </summary>
/// <remarks>
/// <para>
/// <b>Self-contained.</b> No script, no external style sheet, font or image; a Content-Security-Policy meta element
/// forbids loading any. The page reads on a phone (viewport meta, a single column below 40 rem, wide tables scroll
/// inside their own box) and prints.
/// </para>
/// <para>
/// <b>Untrusted text.</b> Everything that comes from the log (ids, names, summaries, reasons) is HTML-escaped, and chart
/// labels are escaped inside the SVG.
/// </para>
/// <para>
/// <b>Deterministic.</b> The same report and options always give the same bytes on the same machine: nothing reads the
/// clock, and amounts and times are formatted without the machine's culture. (Chart text is laid out with the fonts
/// installed, so two machines with different fonts may place chart labels differently.)
/// </para>
/// </remarks>
public static class ReportHtmlWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the HTML page of <paramref name="report"/>.</summary>
    /// <returns>The page's bytes (UTF-8).</returns>
    public static byte[] Write(QuarterlyReport report, ReportHtmlOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.PublicBaseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.LogVerifierKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ReportingOrgName);
        return Utf8.GetBytes(new ReportPage(report, options, ReportCharts.Build(report)).Render());
    }

    /// <summary>The file names of the report's formats for <paramref name="quarter"/>, e.g. <c>2026-Q4.json</c>, as the page links them.</summary>
    public static IReadOnlyList<string> FormatFileNames(ReportQuarter quarter) => FormatFileNames(quarter.ToString());

    /// <summary>The file names of the report's formats under <paramref name="baseName"/>, e.g. <c>quarter-to-date.json</c>.</summary>
    public static IReadOnlyList<string> FormatFileNames(string baseName) =>
        [$"{baseName}.json", $"{baseName}.csv", $"{baseName}.xml"];
}
