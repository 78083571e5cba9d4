namespace OversightLedger.Transparency.Notes;

/// <summary>
/// Standard padded base64 (RFC 4648 §4) as Go's <c>base64.StdEncoding</c> reads it: only the alphabet and final
/// padding, no white space (which <see cref="Convert"/> would skip). Strict decoding also refuses non-zero
/// padding bits, as <c>StdEncoding.Strict()</c> does, so that every value has one encoding.
/// </summary>
internal static class NoteBase64
{
    public static bool TryDecode(string text, bool strict, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 4 != 0)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '/' && c != '=')
            {
                return false;
            }
        }

        byte[] buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, buffer, out int written))
        {
            return false;
        }

        bytes = buffer[..written];
        return !strict || string.Equals(Convert.ToBase64String(bytes), text, StringComparison.Ordinal);
    }
}
