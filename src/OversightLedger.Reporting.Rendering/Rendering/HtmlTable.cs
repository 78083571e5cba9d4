using System.Text;

namespace OversightLedger.Reporting.Rendering;

/// <summary>
/// A table of the HTML report, wrapped so that on a narrow screen it scrolls sideways inside its own box instead of
/// widening the page.
/// </summary>
internal sealed class HtmlTable
{
    private readonly string _id;
    private readonly string _caption;
    private readonly List<(string Heading, bool Numeric)> _columns = [];
    private readonly List<HtmlCell[]> _rows = [];

    /// <summary>A table with the DOM id <paramref name="id"/> and a caption (plain text).</summary>
    public HtmlTable(string id, string caption)
    {
        _id = id;
        _caption = caption;
    }

    /// <summary>The number of rows so far.</summary>
    public int RowCount => _rows.Count;

    /// <summary>Adds a text column.</summary>
    public HtmlTable Column(string heading)
    {
        _columns.Add((heading, false));
        return this;
    }

    /// <summary>Adds a figure column (right-aligned).</summary>
    public HtmlTable NumberColumn(string heading)
    {
        _columns.Add((heading, true));
        return this;
    }

    /// <summary>Adds a row; it must have one cell per column.</summary>
    public HtmlTable Row(params HtmlCell[] cells)
    {
        if (cells.Length != _columns.Count)
        {
            throw new ArgumentException($"table '{_id}' has {_columns.Count} columns, the row has {cells.Length} cells", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    /// <summary>Appends the table; with no row, a sentence saying <paramref name="whenEmpty"/> instead.</summary>
    public void WriteTo(StringBuilder html, string whenEmpty)
    {
        if (_rows.Count == 0)
        {
            html.Append("<p class=\"empty\" id=\"").Append(_id).Append("\">").Append(UntrustedText.ForHtml(whenEmpty)).Append("</p>\n");
            return;
        }

        html.Append("<div class=\"table-wrap\"><table id=\"").Append(_id).Append("\">\n<caption>")
            .Append(UntrustedText.ForHtml(_caption)).Append("</caption>\n<thead><tr>");
        foreach ((string heading, bool numeric) in _columns)
        {
            html.Append(numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">").Append(UntrustedText.ForHtml(heading)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (HtmlCell[] row in _rows)
        {
            html.Append("<tr>");
            foreach (HtmlCell cell in row)
            {
                html.Append(cell.Numeric ? "<td class=\"num\">" : cell.Wraps ? "<td class=\"prose\">" : "<td>").Append(cell.Html).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody></table></div>\n");
    }
}
