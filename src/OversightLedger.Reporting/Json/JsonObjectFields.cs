using System.Text.Json;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Json;

/// <summary>
/// Reads the members of one JSON object strictly: each must be present with its type, and <see cref="EnsureAllRead"/>
/// refuses any member nobody asked for. Errors are <see cref="FormatException"/>s that name the member's path.
/// </summary>
internal sealed class JsonObjectFields
{
    private readonly Dictionary<string, JsonElement> _members = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public JsonObjectFields(JsonElement element, string path)
    {
        Path = path;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path} must be a JSON object");
        }

        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (!_members.TryAdd(property.Name, property.Value))
            {
                throw new FormatException($"{path}.{property.Name} appears more than once");
            }
        }
    }

    public string Path { get; }

    public string String(string name) =>
        NullableString(name) ?? throw Error(name, "must be a string, not null");

    public string? NullableString(string name)
    {
        JsonElement value = Member(name);
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => throw Error(name, "must be a string"),
        };
    }

    public ulong ULong(string name) => NullableULong(name) ?? throw Error(name, "must be a number, not null");

    public ulong? NullableULong(string name)
    {
        JsonElement value = Member(name);
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out ulong number)
            ? number
            : throw Error(name, "must be a whole number from 0");
    }

    public long Long(string name)
    {
        JsonElement value = Member(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) ? number : throw Error(name, "must be a whole number");
    }

    public bool Boolean(string name)
    {
        JsonElement value = Member(name);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(name, "must be true or false"),
        };
    }

    public Money Money(string name, Currency currency) => Parse(name, text => Domain.Money.Money.Parse(text, currency));

    /// <summary>
    /// A money member added to the format after reports were first published: a report written before it lacks the
    /// member, which reads as zero (present, it is read as strictly as any other).
    /// </summary>
    public Money MoneyAddedLater(string name, Currency currency) =>
        _members.ContainsKey(name) ? Money(name, currency) : Domain.Money.Money.Zero(currency);

    /// <summary>A count added to the format after reports were first published: absent reads as zero.</summary>
    public long LongAddedLater(string name) => _members.ContainsKey(name) ? Long(name) : 0;

    /// <summary>
    /// Whether an optional member added to the format after reports were first published (such as <c>anchor</c>) is
    /// there: a report written before it, or one with nothing to say in it, lacks it.
    /// </summary>
    public bool HasMemberAddedLater(string name) => _members.ContainsKey(name);

    public Currency Currency(string name) => Parse(name, Domain.Money.Currency.Parse);

    public DateTimeOffset Time(string name) => Parse(name, ReportText.ParseTime);

    public DateTimeOffset? NullableTime(string name) => NullableString(name) is { } text ? Parse(name, _ => ReportText.ParseTime(text)) : null;

    public DateOnly Date(string name) => Parse(name, ReportText.ParseDate);

    public T Parse<T>(string name, Func<string, T> parse)
    {
        string text = String(name);
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            throw Error(name, e.Message);
        }
    }

    public NameSet Names(string name) => new(Strings(name));

    public IReadOnlyList<long> Longs(string name)
    {
        JsonElement value = Member(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error(name, "must be an array of numbers");
        }

        return [.. value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out long n) ? n : throw Error(name, "must hold whole numbers only"))];
    }

    public JsonObjectFields Object(string name) => new(Member(name), $"{Path}.{name}");

    public IReadOnlyList<T> Array<T>(string name, Func<JsonObjectFields, T> read)
    {
        JsonElement value = Member(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error(name, "must be an array");
        }

        var items = new List<T>(value.GetArrayLength());
        int index = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            var fields = new JsonObjectFields(item, $"{Path}.{name}[{index++}]");
            items.Add(read(fields));
            fields.EnsureAllRead();
        }

        return items;
    }

    /// <summary>Refuses members that were never read.</summary>
    public void EnsureAllRead()
    {
        foreach (string name in _members.Keys)
        {
            if (!_read.Contains(name))
            {
                throw new FormatException($"{Path}.{name} is not a member this version of the report has");
            }
        }
    }

    public FormatException Error(string name, string message) => new($"{Path}.{name}: {message}");

    private string[] Strings(string name)
    {
        JsonElement value = Member(name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error(name, "must be an array of strings");
        }

        return [.. value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Error(name, "must hold strings only"))];
    }

    private JsonElement Member(string name)
    {
        _read.Add(name);
        return _members.TryGetValue(name, out JsonElement value) ? value : throw Error(name, "is missing");
    }
}
