using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OversightLedger.Cli.Output;

/// <summary>
/// One JSON object, written compactly on one line with its members in the order they were added (scripts and
/// tests may rely on that order). Base64 is written as is: '+' is not escaped.
/// </summary>
internal sealed class JsonReport
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly List<(string Name, object Value)> _members = [];

    public JsonReport Add(string name, bool value) => AddMember(name, value);

    public JsonReport Add(string name, ulong value) => AddMember(name, value);

    public JsonReport Add(string name, string value) => AddMember(name, value);

    public JsonReport Add(string name, IEnumerable<string> values) => AddMember(name, values.ToArray());

    public JsonReport Add(string name, JsonReport value) => AddMember(name, value);

    /// <summary>A JSON value as it came (such as a ledger entry from the server).</summary>
    public JsonReport Add(string name, JsonElement value) => AddMember(name, value);

    /// <summary>The object as one line of JSON, without a newline.</summary>
    public override string ToString()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private JsonReport AddMember(string name, object value)
    {
        _members.Add((name, value));
        return this;
    }

    private void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach ((string name, object value) in _members)
        {
            writer.WritePropertyName(name);
            switch (value)
            {
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    break;
                case ulong number:
                    writer.WriteNumberValue(number);
                    break;
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case string[] texts:
                    writer.WriteStartArray();
                    foreach (string text in texts)
                    {
                        writer.WriteStringValue(text);
                    }

                    writer.WriteEndArray();
                    break;
                case JsonReport nested:
                    nested.Write(writer);
                    break;
                case JsonElement element:
                    element.WriteTo(writer);
                    break;
                default:
                    throw new InvalidOperationException($"A JSON report cannot hold a {value.GetType().Name}.");
            }
        }

        writer.WriteEndObject();
    }
}
