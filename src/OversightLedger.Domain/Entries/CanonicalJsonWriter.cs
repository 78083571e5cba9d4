using System.Buffers;
using System.Globalization;
using System.Text;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// Builds one JSON object in the RFC 8785 (JCS) canonical form: members sorted by the UTF-16 code units of their names,
/// no insignificant white space, strings escaped minimally, UTF-8 output.
/// </summary>
/// <remarks>
/// Only what log entries need: strings, booleans, safe integers, arrays of strings and nested objects. Strings escape
/// only <c>"</c>, <c>\</c> and the C0 controls (<c>\b \f \n \r \t</c> short forms, otherwise <c>\u00xx</c> in
/// lower-case hex), exactly as ECMAScript's <c>JSON.stringify</c>, which RFC 8785 §3.2.2.2 prescribes; '/', DEL and
/// non-ASCII characters are written as UTF-8. Lone surrogates are refused (RFC 8785 requires well-formed strings).
/// </remarks>
public sealed class CanonicalJsonWriter
{
    /// <summary>The largest integer an I-JSON (RFC 7493) reader holds exactly: 2^53 − 1.</summary>
    public const long MaxSafeInteger = 9_007_199_254_740_991;

    /// <summary>The characters a string literal holds as they are, one byte each: printable ASCII but '"' and '\\'.</summary>
    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        Enumerable.Range(' ', 0x7F - ' ').Select(c => (char)c).Where(c => c is not ('"' or '\\')).ToArray());

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Entries have a dozen members or so: a list searched linearly beats a dictionary, and is sorted once at the end.
    private readonly List<(string Name, byte[] EncodedName, byte[] Value)> _members = new(16);

    /// <summary>Adds a string member.</summary>
    /// <exception cref="ArgumentException">The name is already used, or the name or value holds a lone surrogate.</exception>
    public CanonicalJsonWriter WriteString(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(name, EncodeString(value, nameof(value)));
    }

    /// <summary>Adds a <c>true</c> or <c>false</c> member.</summary>
    /// <exception cref="ArgumentException">The name is already used.</exception>
    public CanonicalJsonWriter WriteBoolean(string name, bool value) => Add(name, value ? "true"u8.ToArray() : "false"u8.ToArray());

    /// <summary>Adds an integer member; only integers in ±(2^53 − 1) are allowed, so every JSON reader sees the same number.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside ±<see cref="MaxSafeInteger"/>.</exception>
    public CanonicalJsonWriter WriteInteger(string name, long value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxSafeInteger);
        ArgumentOutOfRangeException.ThrowIfLessThan(value, -MaxSafeInteger);
        return Add(name, Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Adds an array of strings, in the order given.</summary>
    /// <exception cref="ArgumentException">The name is already used, or a string holds a lone surrogate.</exception>
    public CanonicalJsonWriter WriteStringArray(string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArrayBufferWriter<byte> buffer = new();
        buffer.Write("["u8);
        bool first = true;
        foreach (string value in values)
        {
            ArgumentNullException.ThrowIfNull(value, nameof(values));
            if (!first)
            {
                buffer.Write(","u8);
            }

            buffer.Write(EncodeString(value, nameof(values)));
            first = false;
        }

        buffer.Write("]"u8);
        return Add(name, buffer.WrittenSpan.ToArray());
    }

    /// <summary>Adds an array of integers, in the order given; each in ±<see cref="MaxSafeInteger"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside ±<see cref="MaxSafeInteger"/>.</exception>
    public CanonicalJsonWriter WriteIntegerArray(string name, IEnumerable<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        StringBuilder text = new("[");
        foreach (long value in values)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxSafeInteger, nameof(values));
            ArgumentOutOfRangeException.ThrowIfLessThan(value, -MaxSafeInteger, nameof(values));
            text.Append(text.Length > 1 ? "," : string.Empty).Append(value.ToString(CultureInfo.InvariantCulture));
        }

        return Add(name, Encoding.ASCII.GetBytes(text.Append(']').ToString()));
    }

    /// <summary>Adds a nested object, canonical in its turn.</summary>
    /// <exception cref="ArgumentException">The name is already used.</exception>
    public CanonicalJsonWriter WriteObject(string name, CanonicalJsonWriter value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(name, value.ToUtf8Bytes());
    }

    /// <summary>The object's canonical UTF-8 bytes.</summary>
    public byte[] ToUtf8Bytes()
    {
        _members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        int length = 2 + Math.Max(0, _members.Count - 1);
        foreach ((_, byte[] name, byte[] value) in _members)
        {
            length += name.Length + 1 + value.Length;
        }

        byte[] bytes = new byte[length];
        Span<byte> rest = bytes;
        rest[0] = (byte)'{';
        rest = rest[1..];
        for (int i = 0; i < _members.Count; i++)
        {
            if (i > 0)
            {
                rest[0] = (byte)',';
                rest = rest[1..];
            }

            (_, byte[] name, byte[] value) = _members[i];
            name.CopyTo(rest);
            rest[name.Length] = (byte)':';
            rest = rest[(name.Length + 1)..];
            value.CopyTo(rest);
            rest = rest[value.Length..];
        }

        rest[0] = (byte)'}';
        return bytes;
    }

    /// <summary>A JSON string literal, quotes included, escaped as RFC 8785 requires.</summary>
    internal static byte[] EncodeString(string value, string parameterName)
    {
        // Most strings are printable ASCII with nothing to escape: one byte per character between the quotes.
        if (value.AsSpan().ContainsAnyExcept(PlainAscii))
        {
            return EncodeEscapedString(value, parameterName);
        }

        byte[] plain = new byte[value.Length + 2];
        plain[0] = (byte)'"';
        Encoding.ASCII.GetBytes(value, plain.AsSpan(1));
        plain[^1] = (byte)'"';
        return plain;
    }

    private static byte[] EncodeEscapedString(string value, string parameterName)
    {
        StringBuilder escaped = new(value.Length + 2);
        escaped.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': escaped.Append("\\\""); break;
                case '\\': escaped.Append("\\\\"); break;
                case '\b': escaped.Append("\\b"); break;
                case '\f': escaped.Append("\\f"); break;
                case '\n': escaped.Append("\\n"); break;
                case '\r': escaped.Append("\\r"); break;
                case '\t': escaped.Append("\\t"); break;
                case < ' ': escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: escaped.Append(c); break;
            }
        }

        escaped.Append('"');
        try
        {
            return StrictUtf8.GetBytes(escaped.ToString());
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The string holds a lone surrogate, which RFC 8785 does not allow.", parameterName, e);
        }
    }

    /// <summary>
    /// Whether the escape sequences of a JSON string's content (the bytes between its quotes) are exactly those
    /// <see cref="EncodeString"/> writes for the text they stand for.
    /// </summary>
    /// <remarks>
    /// Characters that are not escaped stand for themselves in both forms (a JSON reader refuses raw C0 controls, quotes
    /// and backslashes), so with valid UTF-8 this decides whether the content is canonical.
    /// </remarks>
    internal static bool HasCanonicalEscapes(ReadOnlySpan<byte> content)
    {
        for (int i = content.IndexOf((byte)'\\'); i >= 0; i = content.IndexOf((byte)'\\'))
        {
            int length = CanonicalEscapeLength(content[i..]);
            if (length == 0)
            {
                return false;
            }

            content = content[(i + length)..];
        }

        return true;
    }

    /// <summary>
    /// The length of the escape sequence <paramref name="escape"/> starts with (at its backslash) if it is one
    /// <see cref="EncodeString"/> writes: 2 for <c>\"</c>, <c>\\</c>, <c>\b \f \n \r \t</c>; 6 for <c>\u00xx</c> in lower-case
    /// hex for the other C0 controls. 0 for any other escape, canonical nowhere (<c>\/</c>, <c>\u0041</c>, <c>\u001F</c>…).
    /// </summary>
    internal static int CanonicalEscapeLength(ReadOnlySpan<byte> escape)
    {
        if (escape.Length < 2 || escape[0] != '\\')
        {
            return 0;
        }

        if (escape[1] is (byte)'"' or (byte)'\\' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
        {
            return 2;
        }

        // Only a C0 control without a short form: \u0000-\u001f less \b (08), \t (09), \n (0a), \f (0c), \r (0d).
        return escape.Length >= 6 && escape[1] == 'u' && escape[2] == '0' && escape[3] == '0'
            && escape[4] is ((byte)'0' or (byte)'1') && HexDigit(escape[5]) >= 0
            && (((escape[4] - '0') << 4) | HexDigit(escape[5])) is not (0x08 or 0x09 or 0x0A or 0x0C or 0x0D)
            ? 6
            : 0;
    }

    /// <summary>Whether a JSON number's bytes are an integer as <see cref="WriteInteger"/> writes it: no '+', '.', exponent, leading zero or "-0".</summary>
    internal static bool IsCanonicalInteger(ReadOnlySpan<byte> number)
    {
        ReadOnlySpan<byte> digits = number.StartsWith((byte)'-') ? number[1..] : number;
        if (digits.IsEmpty || (digits[0] == '0' && number.Length > 1))
        {
            return false;
        }

        foreach (byte digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value of a lower-case hexadecimal digit, −1 for any other byte (upper-case included).</summary>
    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => -1,
    };

    private CanonicalJsonWriter Add(string name, byte[] encodedValue)
    {
        ArgumentNullException.ThrowIfNull(name);
        byte[] encodedName = EncodeString(name, nameof(name));
        foreach ((string written, _, _) in _members)
        {
            if (string.Equals(written, name, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The member '{name}' is already written.", nameof(name));
            }
        }

        _members.Add((name, encodedName, encodedValue));
        return this;
    }
}
