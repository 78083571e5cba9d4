using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OversightLedger.Server.Api;

/// <summary>
/// Refuses a null element in any array-of-strings field of a request (<c>"benchmarks":[null]</c>): System.Text.Json
/// respects nullable annotations on properties but not on array elements, so a null name would otherwise reach the ledger.
/// A type-info modifier rather than a converter, so the OpenAPI document still describes these fields as arrays of strings.
/// </summary>
internal static class NullArrayElements
{
    /// <summary>The key in <see cref="Exception.Data"/> of a refusal, holding its plain-words detail.</summary>
    public const string Refusal = "OversightLedger.NullArrayElement";

    /// <summary>A <see cref="DefaultJsonTypeInfoResolver"/> modifier: objects with <c>string[]</c> properties check them once read.</summary>
    public static void Refuse(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        JsonPropertyInfo[] arrays = [.. info.Properties.Where(p => p.PropertyType == typeof(string[]) && p.Get is not null)];
        if (arrays.Length == 0)
        {
            return;
        }

        info.OnDeserialized = value =>
        {
            foreach (JsonPropertyInfo array in arrays)
            {
                if (array.Get!(value) is string[] items && Array.IndexOf(items, null) is var index and >= 0)
                {
                    string detail = $"The field '{array.Name}[{index}]' is null; every element of '{array.Name}' must be a string.";
                    var refused = new JsonException(detail);
                    refused.Data[Refusal] = detail;
                    throw refused;
                }
            }
        };
    }
}
