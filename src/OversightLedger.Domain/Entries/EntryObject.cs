using System.Text;
using System.Text.Json;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// The members of one entry object, found by a single forward pass of <see cref="Utf8JsonReader"/> over its bytes: the
/// whole text is checked as JSON (with the limits <see cref="JsonDocument"/> used: no comments, no trailing commas,
/// depth 4), it must be one object, and a repeated name is refused. Values stay byte ranges for
/// <see cref="EntryFieldReader"/>; the pass also notes whether the object's layout is canonical (RFC 8785: no white
/// space, names unescaped and in strictly ascending order).
/// </summary>
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

    private EntryObject(ReadOnlySpan<byte> utf8, Span<EntryField> fields, byte[]? unescapedNames, bool layoutIsCanonical)
    {
        Utf8 = utf8;
        Fields = fields;
        _unescapedNames = unescapedNames;
        LayoutIsCanonical = layoutIsCanonical;
    }

    /// <summary>The entry's bytes.</summary>
    internal ReadOnlySpan<byte> Utf8 { get; }

    /// <summary>The members, in the order of the bytes.</summary>
    internal Span<EntryField> Fields { get; }

    /// <summary>
    /// The bytes are <c>{</c>, the members joined by <c>,</c>, <c>}</c>, nothing else; each member is its unescaped name in
    /// quotes, <c>:</c> and its value; the names ascend strictly (bytewise, which for ASCII names is the UTF-16 order of
    /// RFC 8785). Whether each value is canonical is for <see cref="EntryFieldReader"/> to say.
    /// </summary>
    internal bool LayoutIsCanonical { get; }

    /// <summary>Finds the members of the entry object in <paramref name="utf8"/>, using <paramref name="storage"/> while they fit.</summary>
    /// <exception cref="FormatException">The bytes are not valid JSON, not an object, or repeat a name.</exception>
    internal static EntryObject Read(ReadOnlySpan<byte> utf8, Span<EntryField> storage)
    {
        Span<EntryField> fields = storage;
        int count = 0;
        byte[]? unescapedNames = null;
        int unescapedLength = 0;
        bool layoutIsCanonical, namesAscend = true;
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
                if (count == fields.Length)
                {
                    EntryField[] larger = new EntryField[fields.Length * 2];
                    fields.CopyTo(larger);
                    fields = larger;
                }

                ref EntryField field = ref fields[count++];
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

                namesAscend &= !field.NameIsEscaped && (count == 1 || rawName.SequenceCompareTo(previousName) > 0);
                layoutIsCanonical &= nameStart == expected && Ascii.IsValid(rawName);
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

            layoutIsCanonical &= namesAscend && reader.TokenStartIndex == utf8.Length - 1
                && reader.TokenStartIndex == (count == 0 ? 1 : expected - 1);
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"the entry is not valid JSON: {e.Message}", e);
        }

        EntryObject entry = new(utf8, fields[..count], unescapedNames, layoutIsCanonical);
        entry.RefuseInvalidOrRepeatedNames(namesProvenDistinct: namesAscend);
        return entry;
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

    /// <summary>The index of the member named <paramref name="name"/> (ASCII), marked as read; −1 when there is none.</summary>
    internal int Find(string name)
    {
        for (int i = 0; i < Fields.Length; i++)
        {
            if (Ascii.Equals(Name(i), name))
            {
                Fields[i].IsRead = true;
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Refuses, in the order of the bytes, a name that is no valid text and the first name seen before; strictly ascending
    /// unescaped names cannot repeat, so canonical entries skip the comparisons.
    /// </summary>
    private void RefuseInvalidOrRepeatedNames(bool namesProvenDistinct)
    {
        HashSet<string>? seen = !namesProvenDistinct && Fields.Length > PairwiseDuplicateCheckLimit ? new(StringComparer.Ordinal) : null;
        for (int i = 0; i < Fields.Length; i++)
        {
            ReadOnlySpan<byte> name = Name(i);
            if (Fields[i].NameIsInvalid || !System.Text.Unicode.Utf8.IsValid(name))
            {
                throw new FormatException("a field name holds an invalid string (invalid UTF-8 or a lone surrogate)");
            }

            if (namesProvenDistinct)
            {
                continue;
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
