using System.Text;

namespace OversightLedger.Sanctions;

/// <summary>A list file's bytes as text: strict UTF-8, no NUL bytes (a binary or corrupted download), without its byte order mark.</summary>
internal static class ListFileText
{
    /// <summary>The text of <paramref name="bytes"/>; a <see cref="SanctionsListFormatException"/> naming <paramref name="fileName"/> when they are not text.</summary>
    public static string Decode(byte[] bytes, string fileName)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new SanctionsListFormatException(fileName, null, "the file is not text (invalid UTF-8)", e);
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new SanctionsListFormatException(fileName, null, "the file is not text (it holds NUL bytes)");
        }

        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }
}
