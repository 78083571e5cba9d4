using System.Text;
using System.Text.Json;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// The members of one entry object, found in a single forward pass over its bytes: the whole text is checked as JSON
/// (with the limits <see cref="JsonDocument"/> used: no comments, no trailing commas, depth 4), it must be one object,
/// and a repeated name is refused. Values stay byte ranges for <see cref="EntryFieldReader"/>; the pass also notes
/// whether the object's layout is canonical (RFC 8785: no white space, names unescaped and in strictly ascending order).
/// </summary>
/// <remarks>
/// Bytes laid out canonically, as every entry of the log is, are scanned directly; at the first byte that is not as a
/// canonical entry has it, the scan gives up and <see cref="Utf8JsonReader"/> reads the bytes from the start, so that
/// whatever is wrong with them is found and worded by the reader, as <see cref="JsonDocument"/> did.
/// </remarks>
internal readonly ref struct EntryObject
{
    /// <summary>How many members fit in the caller's <c>stackalloc</c>; entries have 6 to 14, more spill to the heap.</summary>
    internal const int InlineFields = 16;

    /// <summary>Above this many members, repeated names are found with a hash set rather than by comparing every pair.</summary>
    private const int PairwiseDuplicateCheckLimit = 32;

    private static readonly JsonReaderOptions StrictJson = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 4,
    };

    /// <summary>The unescaped names of the members written with escapes (null when there are none, as in every canonical entry).</summary>
    private readonly byte[]? _unescapedNames;

    private EntryObject(ReadOnlySpan<byte> utf8, Span<EntryField> fields, byte[]? unescapedNames, bool layoutIsCanonical, bool arraysAreFlat)
    {
        Utf8 = utf8;
        Fields = fields;
        _unescapedNames = unescapedNames;
        LayoutIsCanonical = layoutIsCanonical;
        ArraysAreFlat = arraysAreFlat;
    }

    /// <summary>The entry's bytes.</summary>
    internal ReadOnlySpan<byte> Utf8 { get; }

    /// <summary>The members, in the order of the bytes.</summary>
    internal Span<EntryField> Fields { get; }

    /// <summary>
    /// The bytes are <c>{</c>, the members joined by <c>,</c>, <c>}</c>, nothing else; each member is its unescaped name in
    /// quotes, <c>:</c> and its value; the names are ASCII and ascend strictly (bytewise, which for ASCII is the UTF-16
    /// order of RFC 8785). Whether each value is canonical is for <see cref="EntryFieldReader"/> to say.
    /// </summary>
    internal bool LayoutIsCanonical { get; }

    /// <summary>Every array value holds only canonical strings and integers joined by single commas (the canonical scan found them so).</summary>
    internal bool ArraysAreFlat { get; }

    /// <summary>Finds the members of the entry object in <paramref name="utf8"/>, using <paramref name="storage"/> while they fit.</summary>
    /// <exception cref="FormatException">The bytes are not valid JSON, not an object, or repeat a name.</exception>
    internal static EntryObject Read(ReadOnlySpan<byte> utf8, Span<EntryField> storage)
    {
        Span<EntryField> fields = storage;
        return TryReadCanonicalLayout(utf8, ref fields, out int count)
            ? new EntryObject(utf8, fields[..count], unescapedNames: null, layoutIsCanonical: true, arraysAreFlat: true)
            : ReadAnyLayout(utf8, storage);
    }

    /// <summary>The unescaped UTF-8 name of member <paramref name="index"/>.</summary>
    internal ReadOnlySpan<byte> Name(int index)
    {
        EntryField field = Fields[index];
        return field.NameIsEscaped
            ? _unescapedNames.AsSpan(field.NameStart, field.NameLength)
            : Utf8.Slice(field.NameStart, field.NameLength);
    }

    /// <summary>The name of member <paramref name="index"/> as a string (for messages).</summary>
    internal string NameText(int index) => Encoding.UTF8.GetString(Name(index));

    /// <summary>The bytes of member <paramref name="index"/>'s value, quotes and brackets included.</summary>
    internal ReadOnlySpan<byte> Value(int index) => Utf8.Slice(Fields[index].ValueStart, Fields[index].ValueLength);

    /// <summary>The items of member <paramref name="index"/>'s value, an array.</summary>
    internal EntryArrayItems Items(int index) => new(Value(index), ArraysAreFlat);

    /// <summary>The index of the member named <paramref name="name"/> (ASCII), marked as read; −1 when there is none.</summary>
    internal int Find(string name)
    {
        ulong key = NameKey(name);
        Span<EntryField> fields = Fields;
        for (int i = 0; i < fields.Length; i++)
        {
            // An ASCII name has as many bytes as characters; no other name can be equal.
            if (fields[i].NameKey == key && fields[i].NameLength == name.Length && IsAsciiName(Name(i), name))
            {
                fields[i].IsRead = true;
                return i;
            }
        }

        return -1;
    }

    /// <summary>The first (up to) eight bytes of a name, packed (see <see cref="EntryField.NameKey"/>).</summary>
    private static ulong NameKey(ReadOnlySpan<byte> name)
    {
        ulong key = 0;
        for (int i = Math.Min(name.Length, sizeof(ulong)) - 1; i >= 0; i--)
        {
            key = (key << 8) | name[i];
        }

        return key;
    }

    /// <summary>The key of an ASCII name held in characters, equal to the key of its bytes.</summary>
    private static ulong NameKey(string name)
    {
        ulong key = 0;
        for (int i = Math.Min(name.Length, sizeof(ulong)) - 1; i >= 0; i--)
        {
            key = (key << 8) | (byte)name[i];
        }

        return key;
    }

    /// <summary>Whether <paramref name="utf8"/> is <paramref name="name"/>, an ASCII text of the same length.</summary>
    private static bool IsAsciiName(ReadOnlySpan<byte> utf8, string name)
    {
        // Names are a few bytes long: a plain loop beats a vectorized comparison.
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] != name[i] || name[i] > 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Scans bytes in canonical layout: <c>{</c>, members joined by <c>,</c>, <c>}</c>, each an unescaped ASCII name greater
    /// than the one before, <c>:</c> and a value that is a string with canonical escapes only, a canonical integer,
    /// <c>true</c>, <c>false</c>, <c>null</c>, or an array of such strings and integers. False at the first byte that is
    /// not so (nothing is decided then: such bytes may still be valid JSON).
    /// </summary>
    /// <remarks>Every text accepted here is valid JSON that <see cref="ReadAnyLayout"/> would read into the same members.</remarks>
    private static bool TryReadCanonicalLayout(ReadOnlySpan<byte> utf8, ref Span<EntryField> fields, out int count)
    {
        count = 0;
        // Canonical bytes hold no C0 control: no white space between tokens, and controls in strings are escaped.
        if (utf8.Length < 2 || utf8[0] != '{' || utf8[^1] != '}' || utf8.ContainsAnyInRange((byte)0, (byte)0x1F))
        {
            return false;
        }

        int at = 1;
        ReadOnlySpan<byte> previousName = default;
        while (at < utf8.Length - 1)
        {
            if (count > 0 && utf8[at++] != ',')
            {
                return false;
            }

            int nameEnd = CanonicalStringEnd(utf8, at, out bool nameIsEscaped);
            if (nameEnd < 0 || nameIsEscaped || nameEnd >= utf8.Length || utf8[nameEnd] != ':')
            {
                return false;
            }

            ReadOnlySpan<byte> name = utf8[(at + 1)..(nameEnd - 1)];
            if (!Ascii.IsValid(name) || (count > 0 && name.SequenceCompareTo(previousName) <= 0))
            {
                return false;
            }

            int valueStart = nameEnd + 1;
            int valueEnd = CanonicalValueEnd(utf8, valueStart, out JsonTokenType type, out bool valueIsEscaped);
            if (valueEnd < 0)
            {
                return false;
            }

            Add(ref fields, ref count) = new EntryField
            {
                NameStart = at + 1,
                NameLength = name.Length,
                NameKey = NameKey(name),
                ValueType = type,
                ValueStart = valueStart,
                ValueLength = valueEnd - valueStart,
                ValueIsEscaped = valueIsEscaped,
            };
            previousName = name;
            at = valueEnd;
        }

        return at == utf8.Length - 1;
    }

    /// <summary>Where the canonical value at <paramref name="start"/> ends (just after it), or −1.</summary>
    private static int CanonicalValueEnd(ReadOnlySpan<byte> utf8, int start, out JsonTokenType type, out bool escaped)
    {
        escaped = false;
        ReadOnlySpan<byte> rest = utf8[start..];
        switch (rest.IsEmpty ? 0 : rest[0])
        {
            case (byte)'"':
                type = JsonTokenType.String;
                return CanonicalStringEnd(utf8, start, out escaped);
            case (byte)'[':
                type = JsonTokenType.StartArray;
                return CanonicalArrayEnd(utf8, start);
            case (byte)'t':
                type = JsonTokenType.True;
                return rest.StartsWith("true"u8) ? start + 4 : -1;
            case (byte)'f':
                type = JsonTokenType.False;
                return rest.StartsWith("false"u8) ? start + 5 : -1;
            case (byte)'n':
                type = JsonTokenType.Null;
                return rest.StartsWith("null"u8) ? start + 4 : -1;
            default:
                type = JsonTokenType.Number;
                return CanonicalIntegerEnd(utf8, start);
        }
    }

    /// <summary>Where the string whose opening quote is at <paramref name="start"/> ends (just after its closing quote), or −1.</summary>
    internal static int CanonicalStringEnd(ReadOnlySpan<byte> utf8, int start, out bool escaped)
    {
        escaped = false;
        if (start >= utf8.Length || utf8[start] != '"')
        {
            return -1;
        }

        // No control character is left (see TryReadCanonicalLayout): the string ends at the first quote not escaped.
        for (int at = start + 1; at < utf8.Length;)
        {
            int special = utf8[at..].IndexOfAny((byte)'"', (byte)'\\');
            if (special < 0)
            {
                return -1;
            }

            at += special;
            if (utf8[at] == '"')
            {
                return at + 1;
            }

            // A non-canonical escape may still be JSON: the reader decides.
            int escapeLength = CanonicalJsonWriter.CanonicalEscapeLength(utf8[at..]);
            if (escapeLength == 0)
            {
                return -1;
            }

            escaped = true;
            at += escapeLength;
        }

        return -1;
    }

    /// <summary>Where the array of canonical strings and integers starting at <paramref name="start"/> ends (just after its ']'), or −1.</summary>
    private static int CanonicalArrayEnd(ReadOnlySpan<byte> utf8, int start)
    {
        int at = start + 1;
        if (at < utf8.Length && utf8[at] == ']')
        {
            return at + 1;
        }

        while (at < utf8.Length)
        {
            int end = utf8[at] == '"' ? CanonicalStringEnd(utf8, at, out _) : CanonicalIntegerEnd(utf8, at);
            if (end < 0 || end >= utf8.Length || utf8[end] is not ((byte)',' or (byte)']'))
            {
                return -1;
            }

            if (utf8[end] == ']')
            {
                return end + 1;
            }

            at = end + 1;
        }

        return -1;
    }

    /// <summary>Where the canonical integer at <paramref name="start"/> ends (just after its last digit), or −1.</summary>
    internal static int CanonicalIntegerEnd(ReadOnlySpan<byte> utf8, int start)
    {
        int end = start < utf8.Length && utf8[start] == '-' ? start + 1 : start;
        while (end < utf8.Length && utf8[end] is >= (byte)'0' and <= (byte)'9')
        {
            end++;
        }

        return CanonicalJsonWriter.IsCanonicalInteger(utf8[start..end]) ? end : -1;
    }

    /// <summary>The general pass: <see cref="Utf8JsonReader"/> over bytes in any layout, refusing what is not one JSON object.</summary>
    private static EntryObject ReadAnyLayout(ReadOnlySpan<byte> utf8, Span<EntryField> storage)
    {
        Span<EntryField> fields = storage;
        int count = 0;
        byte[]? unescapedNames = null;
        int unescapedLength = 0;
        bool layoutIsCanonical, namesAreCanonical = true;
        try
        {
            Utf8JsonReader reader = new(utf8, StrictJson);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                while (reader.Read())
                {
                }

                throw new FormatException("an entry must be a JSON object");
            }

            layoutIsCanonical = reader.TokenStartIndex == 0;
            int expected = 1; // where the next member starts in canonical bytes
            ReadOnlySpan<byte> previousName = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                ref EntryField field = ref Add(ref fields, ref count);
                field = default;
                int nameStart = (int)reader.TokenStartIndex;
                ReadOnlySpan<byte> rawName = reader.ValueSpan;
                field.NameStart = nameStart + 1;
                field.NameLength = rawName.Length;
                if (reader.ValueIsEscaped)
                {
                    unescapedNames ??= new byte[utf8.Length];
                    field.NameIsEscaped = true;
                    field.NameStart = unescapedLength;
                    try
                    {
                        field.NameLength = reader.CopyString(unescapedNames.AsSpan(unescapedLength));
                        unescapedLength += field.NameLength;
                    }
                    catch (InvalidOperationException)
                    {
                        field.NameIsInvalid = true;
                        field.NameLength = 0;
                    }
                }

                field.NameKey = NameKey(field.NameIsEscaped ? unescapedNames.AsSpan(field.NameStart, field.NameLength) : rawName);
                namesAreCanonical &= !field.NameIsEscaped && Ascii.IsValid(rawName) && (count == 1 || rawName.SequenceCompareTo(previousName) > 0);
                layoutIsCanonical &= nameStart == expected;
                previousName = rawName;

                reader.Read();
                field.ValueType = reader.TokenType;
                field.ValueStart = (int)reader.TokenStartIndex;
                layoutIsCanonical &= field.ValueStart == nameStart + rawName.Length + 3; // "name":
                if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    reader.Skip();
                    field.ValueLength = (int)reader.TokenStartIndex + 1 - field.ValueStart;
                }
                else
                {
                    field.ValueIsEscaped = reader.ValueIsEscaped;
                    field.ValueLength = reader.ValueSpan.Length + (reader.TokenType == JsonTokenType.String ? 2 : 0);
                }

                expected = field.ValueStart + field.ValueLength + 1;
            }

            layoutIsCanonical &= namesAreCanonical && reader.TokenStartIndex == utf8.Length - 1
                && reader.TokenStartIndex == (count == 0 ? 1 : expected - 1);
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"the entry is not valid JSON: {e.Message}", e);
        }

        EntryObject entry = new(utf8, fields[..count], unescapedNames, layoutIsCanonical, arraysAreFlat: false);
        if (!namesAreCanonical)
        {
            entry.RefuseInvalidOrRepeatedNames();
        }

        return entry;
    }

    /// <summary>The next free member, the storage grown onto the heap when it is full.</summary>
    private static ref EntryField Add(ref Span<EntryField> fields, ref int count)
    {
        if (count == fields.Length)
        {
            EntryField[] larger = new EntryField[fields.Length * 2];
            fields.CopyTo(larger);
            fields = larger;
        }

        return ref fields[count++];
    }

    /// <summary>
    /// Refuses, in the order of the bytes, a name that is no valid text and the first name seen before. (Canonical names,
    /// unescaped ASCII in strictly ascending order, are valid and distinct: they skip this.)
    /// </summary>
    private void RefuseInvalidOrRepeatedNames()
    {
        HashSet<string>? seen = Fields.Length > PairwiseDuplicateCheckLimit ? new(StringComparer.Ordinal) : null;
        for (int i = 0; i < Fields.Length; i++)
        {
            ReadOnlySpan<byte> name = Name(i);
            if (Fields[i].NameIsInvalid || !System.Text.Unicode.Utf8.IsValid(name))
            {
                throw new FormatException("a field name holds an invalid string (invalid UTF-8 or a lone surrogate)");
            }

            bool repeated = seen is not null ? !seen.Add(NameText(i)) : IsNameBefore(name, i);
            if (repeated)
            {
                throw new FormatException($"field '{NameText(i)}' appears more than once");
            }
        }
    }

    private bool IsNameBefore(ReadOnlySpan<byte> name, int index)
    {
        for (int j = 0; j < index; j++)
        {
            if (Name(j).SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }
}
