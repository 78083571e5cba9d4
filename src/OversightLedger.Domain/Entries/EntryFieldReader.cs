using System.Text.Json;
using OversightLedger.Domain.Beneficiaries;

namespace OversightLedger.Domain.Entries;

using OversightLedger.Domain.Money;

/// <summary>
/// The fields of one parsed entry object, read by name and type. Every failure is a <see cref="FormatException"/>
/// naming the field; fields nobody read are refused at the end by <see cref="EnsureAllRead"/>.
/// </summary>
internal sealed class EntryFieldReader
{
    private readonly Dictionary<string, JsonElement> _fields;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    internal EntryFieldReader(Dictionary<string, JsonElement> fields)
    {
        _fields = fields;
        Id = ReadString("id");
        Time = ReadTime("time");
    }

    /// <summary>The entry's <c>id</c>.</summary>
    internal string Id { get; }

    /// <summary>The entry's <c>time</c>.</summary>
    internal DateTimeOffset Time { get; }

    internal string ReadString(string name) => ReadOptionalString(name) ?? throw Missing(name);

    internal string? ReadOptionalString(string name)
    {
        if (!TryGet(name, out JsonElement value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw WrongType(name, "a string");
        }

        return GetString(name, value);
    }

    internal bool ReadBoolean(string name)
    {
        JsonElement value = Require(name);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(name, "true or false"),
        };
    }

    internal long ReadInteger(string name)
    {
        JsonElement value = Require(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number)
            ? number
            : throw WrongType(name, "an integer");
    }

    internal NameSet ReadNames(string name)
    {
        JsonElement value = Require(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(name, "an array of strings");
        }

        List<string> names = [];
        foreach (JsonElement item in value.EnumerateArray())
        {
            names.Add(item.ValueKind == JsonValueKind.String ? GetString(name, item) : throw WrongType(name, "an array of strings"));
        }

        return new NameSet(names);
    }

    internal IReadOnlyList<long> ReadIntegers(string name)
    {
        JsonElement value = Require(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(name, "an array of integers");
        }

        List<long> numbers = [];
        foreach (JsonElement item in value.EnumerateArray())
        {
            numbers.Add(item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out long number)
                ? number
                : throw WrongType(name, "an array of integers"));
        }

        return numbers;
    }

    internal DateTimeOffset ReadTime(string name) =>
        EntryTime.TryParse(ReadString(name), out DateTimeOffset time)
            ? time
            : throw new FormatException($"field '{name}' must be a UTC time such as 2026-11-25T12:00:00Z (whole seconds, 'Z')");

    internal DateOnly ReadDate(string name) =>
        EntryTime.TryParse(ReadString(name), out DateOnly date)
            ? date
            : throw new FormatException($"field '{name}' must be a date such as 2026-11-25");

    internal Currency ReadCurrency(string name)
    {
        string code = ReadString(name);
        return Currency.TryParse(code, out Currency? currency)
            ? currency
            : throw new FormatException($"field '{name}': '{code}' is not an active ISO 4217 currency code");
    }

    internal Money ReadMoney(string name, Currency currency)
    {
        string text = ReadString(name);
        return Money.TryParse(text, currency, out Money? money)
            ? money
            : throw new FormatException($"field '{name}': '{text}' is not a decimal {currency.Code} amount with at most {currency.MinorUnitExponent} decimals");
    }

    internal BeneficiaryPseudonym ReadPseudonym(string name)
    {
        string text = ReadString(name);
        return BeneficiaryPseudonym.TryParse(text, out BeneficiaryPseudonym? pseudonym)
            ? pseudonym
            : throw new FormatException($"field '{name}': '{text}' is not a beneficiary pseudonym (ps_ and 43 base64url characters)");
    }

    /// <summary>Refuses any field no reader asked for.</summary>
    internal void EnsureAllRead()
    {
        foreach (string name in _fields.Keys.Order(StringComparer.Ordinal))
        {
            if (!_read.Contains(name))
            {
                throw new FormatException($"field '{name}' is not a field of this kind of entry");
            }
        }
    }

    private static string GetString(string name, JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"field '{name}' holds an invalid string (a lone surrogate)", e);
        }
    }

    private JsonElement Require(string name) => TryGet(name, out JsonElement value) ? value : throw Missing(name);

    private bool TryGet(string name, out JsonElement value)
    {
        _read.Add(name);
        return _fields.TryGetValue(name, out value);
    }

    private static FormatException Missing(string name) => new($"field '{name}' is missing");

    private static FormatException WrongType(string name, string expected) => new($"field '{name}' must be {expected}");
}
