using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using OversightLedger.Domain.Beneficiaries;

namespace OversightLedger.Domain.Entries;

using OversightLedger.Domain.Money;

/// <summary>
/// The fields of one parsed entry object, read by name and type straight from the entry's bytes. Every failure is a
/// <see cref="FormatException"/> naming the field; fields nobody read are refused at the end by <see cref="EnsureAllRead"/>.
/// </summary>
/// <remarks>
/// Each read also notes whether the field's bytes are exactly what the entry built from the value writes back (a string
/// with only the escapes RFC 8785 requires, an amount with all its decimals, a set of names in order…), so that
/// <see cref="IsCanonical"/> can vouch for the whole entry without serialising it again. Strings are only allocated
/// for values the entry keeps as strings.
/// </remarks>
internal readonly ref struct EntryFieldReader
{
    /// <summary>Enough characters for the short values read without a string (times, codes, amounts, kinds).</summary>
    private const int TextBufferLength = 32;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly EntryObject _json;

    internal EntryFieldReader(EntryObject json)
    {
        _json = json;
        Id = ReadString("id");
        Time = ReadTime("time");
    }

    /// <summary>The entry's <c>id</c>.</summary>
    internal string Id { get; }

    /// <summary>The entry's <c>time</c>.</summary>
    internal DateTimeOffset Time { get; }

    /// <summary>
    /// Whether the entry's bytes are its canonical form: the object's layout is canonical and every field was read from
    /// bytes that the entry writes back unchanged. False means "not proven", never "proven wrong".
    /// </summary>
    internal bool IsCanonical
    {
        get
        {
            if (!_json.LayoutIsCanonical)
            {
                return false;
            }

            foreach (EntryField member in _json.Fields)
            {
                if (!member.IsCanonical)
                {
                    return false;
                }
            }

            return true;
        }
    }

    internal string ReadString(string name) => ReadOptionalString(name) ?? throw Missing(name);

    internal string? ReadOptionalString(string name)
    {
        int index = _json.Find(name);
        if (index < 0)
        {
            return null;
        }

        RequireString(index, name);
        return DecodeString(_json.Value(index), _json.Fields[index].ValueIsEscaped, name, out _json.Fields[index].IsCanonical);
    }

    /// <summary>
    /// Reads a string field into <paramref name="buffer"/> when it is short ASCII without escapes (as canonical kinds,
    /// codes, amounts and times are), else into a new string; for values the entry does not keep as they are.
    /// </summary>
    internal ReadOnlySpan<char> ReadText(string name, Span<char> buffer) => ReadText(name, buffer, out _);

    internal bool ReadBoolean(string name)
    {
        int index = Require(name);
        _json.Fields[index].IsCanonical = true;
        return _json.Fields[index].ValueType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw WrongType(name, "true or false"),
        };
    }

    internal long ReadInteger(string name)
    {
        int index = Require(name);
        ReadOnlySpan<byte> number = _json.Value(index);
        if (_json.Fields[index].ValueType != JsonTokenType.Number || !TryGetInt64(number, out long value))
        {
            throw WrongType(name, "an integer");
        }

        _json.Fields[index].IsCanonical = CanonicalJsonWriter.IsCanonicalInteger(number);
        return value;
    }

    internal NameSet ReadNames(string name)
    {
        int index = Require(name);
        if (_json.Fields[index].ValueType != JsonTokenType.StartArray)
        {
            throw WrongType(name, "an array of strings");
        }

        EntryArrayItems items = _json.Items(index);
        List<string> names = [];
        bool canonical = true;
        int expected = 1; // where the next item starts in canonical bytes
        while (items.MoveNext())
        {
            if (items.Type != JsonTokenType.String)
            {
                throw WrongType(name, "an array of strings");
            }

            string item = DecodeString(items.Token, items.IsEscaped, name, out bool itemIsCanonical);
            // The set is written sorted and without repeats: only a strictly ascending list is written back unchanged.
            canonical &= itemIsCanonical && items.Start == expected && (names.Count == 0 || string.CompareOrdinal(names[^1], item) < 0);
            names.Add(item);
            expected = items.Start + items.Token.Length + 1;
        }

        _json.Fields[index].IsCanonical = canonical && items.End == (names.Count == 0 ? 1 : expected - 1);
        return _json.Fields[index].IsCanonical ? NameSet.FromOrdinallySorted([.. names]) : new NameSet(names);
    }

    /// <summary>An optional array of strings kept in the order written (repeats allowed); null when the field is absent.</summary>
    internal IReadOnlyList<string>? ReadOptionalStrings(string name)
    {
        int index = _json.Find(name);
        if (index < 0)
        {
            return null;
        }

        if (_json.Fields[index].ValueType != JsonTokenType.StartArray)
        {
            throw WrongType(name, "an array of strings");
        }

        EntryArrayItems items = _json.Items(index);
        List<string> strings = [];
        bool canonical = true;
        int expected = 1; // where the next item starts in canonical bytes
        while (items.MoveNext())
        {
            if (items.Type != JsonTokenType.String)
            {
                throw WrongType(name, "an array of strings");
            }

            strings.Add(DecodeString(items.Token, items.IsEscaped, name, out bool itemIsCanonical));
            canonical &= itemIsCanonical && items.Start == expected;
            expected = items.Start + items.Token.Length + 1;
        }

        _json.Fields[index].IsCanonical = canonical && items.End == (strings.Count == 0 ? 1 : expected - 1);
        return strings;
    }

    internal IReadOnlyList<long> ReadIntegers(string name)
    {
        int index = Require(name);
        if (_json.Fields[index].ValueType != JsonTokenType.StartArray)
        {
            throw WrongType(name, "an array of integers");
        }

        EntryArrayItems items = _json.Items(index);
        List<long> numbers = [];
        bool canonical = true;
        int expected = 1; // where the next item starts in canonical bytes
        while (items.MoveNext())
        {
            if (items.Type != JsonTokenType.Number || !TryGetInt64(items.Token, out long value))
            {
                throw WrongType(name, "an array of integers");
            }

            canonical &= CanonicalJsonWriter.IsCanonicalInteger(items.Token) && items.Start == expected;
            numbers.Add(value);
            expected = items.Start + items.Token.Length + 1;
        }

        _json.Fields[index].IsCanonical = canonical && items.End == (numbers.Count == 0 ? 1 : expected - 1);
        return numbers;
    }

    internal DateTimeOffset ReadTime(string name)
    {
        ReadOnlySpan<char> text = ReadText(name, stackalloc char[TextBufferLength], out int index);
        if (EntryTime.TryParseCanonical(text, out DateTimeOffset time))
        {
            return time;
        }

        // Not as the entry writes it; the slower, more lenient reading decides whether it is a time at all.
        _json.Fields[index].IsCanonical = false;
        return EntryTime.TryParse(text.ToString(), out time)
            ? time
            : throw new FormatException($"field '{name}' must be a UTC time such as 2026-11-25T12:00:00Z (whole seconds, 'Z')");
    }

    internal DateOnly ReadDate(string name)
    {
        ReadOnlySpan<char> text = ReadText(name, stackalloc char[TextBufferLength], out int index);
        if (EntryTime.TryParseCanonical(text, out DateOnly date))
        {
            return date;
        }

        _json.Fields[index].IsCanonical = false;
        return EntryTime.TryParse(text.ToString(), out date)
            ? date
            : throw new FormatException($"field '{name}' must be a date such as 2026-11-25");
    }

    internal Currency ReadCurrency(string name)
    {
        // The code written back is the table's, which equals the text it was found by.
        ReadOnlySpan<char> code = ReadText(name, stackalloc char[TextBufferLength], out _);
        return Currency.TryParse(code, out Currency? currency)
            ? currency
            : throw new FormatException($"field '{name}': '{code}' is not an active ISO 4217 currency code");
    }

    internal Money ReadMoney(string name, Currency currency)
    {
        ReadOnlySpan<char> text = ReadText(name, stackalloc char[TextBufferLength], out int index);
        if (!Money.TryParse(text, currency, out Money? money))
        {
            throw new FormatException($"field '{name}': '{text}' is not a decimal {currency.Code} amount with at most {currency.MinorUnitExponent} decimals");
        }

        // "25" and "25.0" are read as 25.00 EUR, which is written "25.00".
        Span<char> written = stackalloc char[Money.MaxDecimalLength];
        if (!written[..money.FormatDecimal(written)].SequenceEqual(text))
        {
            _json.Fields[index].IsCanonical = false;
        }

        return money;
    }

    /// <summary>A benchmark indicator's number (<see cref="IndicatorValue"/>), written as a string.</summary>
    internal decimal ReadIndicatorValue(string name)
    {
        ReadOnlySpan<char> text = ReadText(name, stackalloc char[TextBufferLength], out int index);
        if (!IndicatorValue.TryParse(text, out decimal value))
        {
            throw new FormatException($"field '{name}': '{text}' is not a number from 0 to 10^12 with at most {IndicatorValue.MaxDecimals} decimals");
        }

        // "12.50" is read as 12.5, which is written "12.5".
        if (!text.SequenceEqual(IndicatorValue.Format(value)))
        {
            _json.Fields[index].IsCanonical = false;
        }

        return value;
    }

    /// <summary>As <see cref="ReadIndicatorValue"/>, or null when the field is absent.</summary>
    internal decimal? ReadOptionalIndicatorValue(string name) => _json.Find(name) < 0 ? null : ReadIndicatorValue(name);

    internal long? ReadOptionalInteger(string name) => _json.Find(name) < 0 ? null : ReadInteger(name);

    internal NameSet? ReadOptionalNames(string name) => _json.Find(name) < 0 ? null : ReadNames(name);

    internal DateTimeOffset? ReadOptionalTime(string name) => _json.Find(name) < 0 ? null : ReadTime(name);

    internal BeneficiaryPseudonym ReadPseudonym(string name)
    {
        string text = ReadString(name);
        return BeneficiaryPseudonym.TryParse(text, out BeneficiaryPseudonym? pseudonym)
            ? pseudonym
            : throw new FormatException($"field '{name}': '{text}' is not a beneficiary pseudonym (ps_ and 43 base64url characters)");
    }

    internal Counterparties.CounterpartyPseudonym ReadCounterpartyPseudonym(string name)
    {
        string text = ReadString(name);
        return Counterparties.CounterpartyPseudonym.TryParse(text, out Counterparties.CounterpartyPseudonym? pseudonym)
            ? pseudonym
            : throw new FormatException($"field '{name}': '{text}' is not a counterparty pseudonym (cp_ and 43 base64url characters)");
    }

    internal decimal ReadScore(string name) => FieldFormat.ParseScore(ReadString(name), name);

    /// <summary>Refuses any field no reader asked for (the first in ordinal order, as the message names one).</summary>
    internal void EnsureAllRead()
    {
        string? unread = null;
        for (int i = 0; i < _json.Fields.Length; i++)
        {
            if (!_json.Fields[i].IsRead && _json.NameText(i) is string name && (unread is null || string.CompareOrdinal(name, unread) < 0))
            {
                unread = name;
            }
        }

        if (unread is not null)
        {
            throw new FormatException($"field '{unread}' is not a field of this kind of entry");
        }
    }

    /// <summary>
    /// The text of a JSON string token (quotes included), with the validation <see cref="Utf8JsonReader.GetString"/>
    /// applies; <paramref name="canonical"/> tells whether the token is exactly how the text is written back.
    /// </summary>
    private static string DecodeString(ReadOnlySpan<byte> token, bool escaped, string name, out bool canonical)
    {
        ReadOnlySpan<byte> content = token[1..^1];
        if (!escaped)
        {
            canonical = true;
            try
            {
                return StrictUtf8.GetString(content);
            }
            catch (DecoderFallbackException e)
            {
                throw InvalidString(name, e);
            }
        }

        canonical = CanonicalJsonWriter.HasCanonicalEscapes(content);
        Utf8JsonReader reader = new(token);
        reader.Read();
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw InvalidString(name, e);
        }
    }

    /// <summary>What <see cref="JsonElement.TryGetInt64"/> reads: the whole number, in 64 bits, no fraction or exponent.</summary>
    private static bool TryGetInt64(ReadOnlySpan<byte> number, out long value) =>
        Utf8Parser.TryParse(number, out value, out int consumed) && consumed == number.Length;

    private ReadOnlySpan<char> ReadText(string name, Span<char> buffer, out int index)
    {
        index = Require(name);
        RequireString(index, name);
        ref EntryField field = ref _json.Fields[index];
        ReadOnlySpan<byte> token = _json.Value(index);
        ReadOnlySpan<byte> content = token[1..^1];
        if (!field.ValueIsEscaped && content.Length <= buffer.Length && Ascii.ToUtf16(content, buffer, out int length) == OperationStatus.Done)
        {
            field.IsCanonical = true;
            return buffer[..length];
        }

        return DecodeString(token, field.ValueIsEscaped, name, out field.IsCanonical);
    }

    private int Require(string name)
    {
        int index = _json.Find(name);
        return index >= 0 ? index : throw Missing(name);
    }

    private void RequireString(int index, string name)
    {
        if (_json.Fields[index].ValueType != JsonTokenType.String)
        {
            throw WrongType(name, "a string");
        }
    }

    private static FormatException Missing(string name) => new($"field '{name}' is missing");

    private static FormatException WrongType(string name, string expected) => new($"field '{name}' must be {expected}");

    private static FormatException InvalidString(string name, Exception inner) =>
        new($"field '{name}' holds an invalid string (a lone surrogate)", inner);
}
