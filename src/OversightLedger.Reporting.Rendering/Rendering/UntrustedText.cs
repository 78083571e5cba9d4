using System.Text;
using System.Xml;

namespace OversightLedger.Reporting.Rendering;

/// <summary>
/// Text that comes from the log (ids, names, summaries, reasons) made safe to put in a file: the log admits any
/// well-formed text, including control characters that XML 1.0 cannot hold and HTML treats as errors.
/// </summary>
internal static class UntrustedText
{
    /// <summary>
    /// The text with every character XML 1.0 cannot hold (C0 controls other than tab, line feed and carriage return,
    /// U+FFFE, U+FFFF, unpaired surrogates) replaced by U+FFFD; the XML writer escapes the rest.
    /// </summary>
    public static string ForXml(string text) => Replace(text, allowCarriageReturn: true);

    /// <summary>
    /// The text HTML-escaped (<c>&amp; &lt; &gt; " '</c>) for an element's content or a quoted attribute value, with
    /// the characters of <see cref="ForXml"/> and carriage returns replaced first.
    /// </summary>
    public static string ForHtml(string text) =>
        System.Net.WebUtility.HtmlEncode(Replace(text, allowCarriageReturn: false));

    private static string Replace(string text, bool allowCarriageReturn)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsClean(text, allowCarriageReturn))
        {
            return text;
        }

        var cleaned = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cleaned.Append(c).Append(text[++i]);
            }
            else if (c == '\r' && !allowCarriageReturn)
            {
                cleaned.Append(' ');
            }
            else
            {
                cleaned.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
            }
        }

        return cleaned.ToString();
    }

    private static bool IsClean(string text, bool allowCarriageReturn)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!XmlConvert.IsXmlChar(c) || (c == '\r' && !allowCarriageReturn))
            {
                return false;
            }
        }

        return true;
    }
}
