namespace OversightLedger.Reporting.Rendering;

/// <summary>One chart of the HTML report: an inline <c>&lt;svg&gt;</c> element and what it shows.</summary>
/// <param name="Id">The chart's id in the page (also the prefix of every id inside its SVG).</param>
/// <param name="Caption">What it shows, in words (the figure caption and the SVG's accessible name).</param>
/// <param name="Svg">The <c>&lt;svg&gt;</c> element, well-formed, without an XML declaration.</param>
/// <param name="Section">The id of the page section whose table gives the charted figures exactly.</param>
internal sealed record ReportChart(string Id, string Caption, string Svg, string Section);
