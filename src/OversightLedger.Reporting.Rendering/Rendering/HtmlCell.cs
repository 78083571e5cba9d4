namespace OversightLedger.Reporting.Rendering;

/// <summary>One cell of an <see cref="HtmlTable"/>: markup that is already safe, and whether it holds a number.</summary>
/// <param name="Html">The cell's content as HTML (text from the log already escaped).</param>
/// <param name="Numeric">Whether it is a figure (right-aligned, tabular digits).</param>
/// <param name="Wraps">Whether it is free text that wraps (other cells do not: the table scrolls sideways instead).</param>
internal readonly record struct HtmlCell(string Html, bool Numeric, bool Wraps = false)
{
    /// <summary>Plain text, escaped.</summary>
    public static HtmlCell Text(string text) => new(UntrustedText.ForHtml(text), false);

    /// <summary>A figure, escaped.</summary>
    public static HtmlCell Number(string figure) => new(UntrustedText.ForHtml(figure), true);

    /// <summary>Free text (a summary, a reason) that wraps, escaped.</summary>
    public static HtmlCell Prose(string text) => new(UntrustedText.ForHtml(text), false, Wraps: true);

    /// <summary>An identifier shown in monospace, escaped.</summary>
    public static HtmlCell Code(string text) => new($"<code>{UntrustedText.ForHtml(text)}</code>", false);

    /// <summary>A hash or signature shown in monospace as a narrow block that wraps anywhere, escaped.</summary>
    public static HtmlCell Hash(string text) => new($"<code class=\"hash\">{UntrustedText.ForHtml(text)}</code>", false);

    /// <summary>Markup built by the page itself (never text from the log unless escaped).</summary>
    public static HtmlCell Markup(string html) => new(html, false);
}
