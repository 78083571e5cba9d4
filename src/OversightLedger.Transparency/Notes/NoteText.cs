using System.Text;

namespace OversightLedger.Transparency.Notes;

/// <summary>The character rules of a signed note: valid UTF-8 and no ASCII control character other than newline.</summary>
internal static class NoteText
{
    /// <summary>UTF-8 that throws on lone surrogates instead of writing U+FFFD.</summary>
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The first offending byte offset and a reason, or null when the bytes follow the rules.</summary>
    public static string? FindViolation(ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length;)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out Rune rune, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return $"byte {i} is not valid UTF-8";
            }

            if (rune.Value < 0x20 && rune.Value != '\n')
            {
                return $"byte {i} is the control character U+{rune.Value:X4}";
            }

            i += consumed;
        }

        return null;
    }

    /// <summary>Encodes note text, checking that it ends in a newline and has no other control characters.</summary>
    /// <exception cref="ArgumentException">The text breaks a rule.</exception>
    public static byte[] Encode(string text, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(text, parameterName);
        if (!text.EndsWith('\n'))
        {
            throw new ArgumentException("Note text must end with a newline.", parameterName);
        }

        byte[] bytes;
        try
        {
            bytes = Utf8.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("Note text is not valid Unicode (lone surrogate).", parameterName, e);
        }

        if (FindViolation(bytes) is { } violation)
        {
            throw new ArgumentException($"Note text breaks the signed-note rules: {violation}.", parameterName);
        }

        return bytes;
    }
}
