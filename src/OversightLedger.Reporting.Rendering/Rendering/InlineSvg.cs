using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace OversightLedger.Reporting.Rendering;

/// <summary>
/// Turns an SVG document (as ScottPlot's <c>GetSvgXml</c> writes it) into an element that can sit inline in an HTML page
/// among others: no XML declaration, every id prefixed so that two charts' clip paths never collide, a
/// <c>viewBox</c> instead of a fixed size so CSS can scale it to a phone's width, an accessible name, and clean
/// coordinate lists.
/// </summary>
internal static partial class InlineSvg
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly XNamespace XLink = "http://www.w3.org/1999/xlink";

    /// <summary>Rewrites <paramref name="svgDocument"/> for inline use under the id prefix <paramref name="id"/>.</summary>
    /// <exception cref="XmlException">The SVG is not well-formed.</exception>
    public static string Embed(string svgDocument, string id, string accessibleName)
    {
        XDocument document;
        using (var reader = XmlReader.Create(
            new StringReader(svgDocument), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
        {
            document = XDocument.Load(reader);
        }

        XElement root = document.Root ?? throw new XmlException("the SVG document has no root element");
        string width = root.Attribute("width")?.Value ?? throw new XmlException("the SVG has no width");
        string height = root.Attribute("height")?.Value ?? throw new XmlException("the SVG has no height");
        root.SetAttributeValue("width", null);
        root.SetAttributeValue("height", null);
        root.SetAttributeValue("viewBox", $"0 0 {width} {height}");
        root.SetAttributeValue("id", id);
        root.SetAttributeValue("class", "chart");
        root.SetAttributeValue("role", "img");
        root.SetAttributeValue("aria-label", accessibleName);
        root.SetAttributeValue("preserveAspectRatio", "xMidYMid meet");

        // Skia numbers clip paths with a process-wide counter: renumber them in document order, under the chart's id,
        // so the same chart always gets the same ids and two charts on one page never share one.
        Dictionary<string, string> ids = new(StringComparer.Ordinal);
        foreach (XAttribute attribute in root.Descendants().Select(e => e.Attribute("id")).OfType<XAttribute>())
        {
            ids[attribute.Value] = $"{id}-{ids.Count + 1}";
            attribute.Value = ids[attribute.Value];
        }

        foreach (XElement element in root.Descendants())
        {
            foreach (XAttribute attribute in element.Attributes())
            {
                if (attribute.Value.Contains("url(#", StringComparison.Ordinal))
                {
                    attribute.Value = UrlReference().Replace(attribute.Value, m => $"url(#{Renamed(ids, m.Groups[1].Value)})");
                }
                else if ((attribute.Name == "href" || attribute.Name == XLink + "href") && attribute.Value.StartsWith('#'))
                {
                    attribute.Value = "#" + Renamed(ids, attribute.Value[1..]);
                }
            }

            if (element.Name == Svg + "text")
            {
                CleanText(element);
            }
        }

        return root.ToString(SaveOptions.DisableFormatting);
    }

    private static string Renamed(Dictionary<string, string> ids, string reference) =>
        ids.TryGetValue(reference, out string? renamed)
            ? renamed
            : throw new XmlException($"the SVG refers to '#{reference}', which it does not define");

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();

    /// <summary>
    /// Skia writes a text's glyph positions as <c>x="1.5, 9.25, "</c> (with a trailing separator the SVG grammar does
    /// not allow) and pads the text with line breaks and tabs; keep the numbers and the text.
    /// </summary>
    private static void CleanText(XElement text)
    {
        foreach (string name in new[] { "x", "y" })
        {
            if (text.Attribute(name) is { } list)
            {
                list.Value = string.Join(
                    ' ',
                    list.Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(n => double.Parse(n, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("0.###", CultureInfo.InvariantCulture)));
            }
        }

        if (!text.HasElements)
        {
            text.Value = text.Value.Trim();
        }
    }
}
