using System.Text.Json;
using System.Text.Json.Serialization;

namespace OversightLedger.Server.Api;

/// <summary>
/// Reads a JSON array of strings and refuses a null element: System.Text.Json respects nullable annotations on
/// properties but not on array elements, so <c>"benchmarks":[null]</c> would otherwise reach the ledger as a null name.
/// </summary>
internal sealed class StringArrayConverter : JsonConverter<string[]>
{
    public override string[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException(); // the serializer's message: "could not be converted to System.String[]", with the path
        }

        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException();
            }

            items.Add(reader.GetString()!);
        }

        return [.. items];
    }

    public override void Write(Utf8JsonWriter writer, string[] value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (string item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}
