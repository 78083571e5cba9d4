using System.Text.Encodings.Web;
using System.Text.Json;
using NBitcoin.DataEncoders;

namespace OversightLedger.Anchoring.Proofs;

/// <summary>
/// An anchor proof file (<c>oversight-anchor/v1</c>), everything an auditor needs to check an anchor offline:
/// <code>
/// {
///   "format": "oversight-anchor/v1",
///   "checkpoint": "&lt;the signed checkpoint note: text, blank line, signature lines&gt;",
///   "transaction": "&lt;hex of the raw anchor transaction&gt;",
///   "txoutproof": "&lt;hex of the gettxoutproof merkle block&gt;",
///   "headers": ["&lt;hex of the anchor block's 80-byte header&gt;", "&lt;the next block's&gt;", …]
/// }
/// </code>
/// Headers run upwards from the anchor block; their count is the anchor's depth (its number of confirmations).
/// Other members are ignored, so later versions can add some.
/// </summary>
public sealed record AnchorProof
{
    /// <summary>The format name the <c>format</c> member holds.</summary>
    public const string FormatName = "oversight-anchor/v1";

    /// <summary>The signed checkpoint note's bytes (with cosignatures, if any).</summary>
    public required ReadOnlyMemory<byte> SignedCheckpoint { get; init; }

    /// <summary>The raw anchor transaction (witness serialisation).</summary>
    public required ReadOnlyMemory<byte> Transaction { get; init; }

    /// <summary>The serialised merkle block proving the transaction in its block.</summary>
    public required ReadOnlyMemory<byte> TxOutProof { get; init; }

    /// <summary>80-byte block headers from the anchor block upwards.</summary>
    public required IReadOnlyList<ReadOnlyMemory<byte>> Headers { get; init; }

    /// <summary>Reads an anchor proof file.</summary>
    /// <exception cref="FormatException">It is not JSON of this format: a member missing, of the wrong type, or not hex.</exception>
    public static AnchorProof Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON: {e.Message}", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("an anchor proof is a JSON object");
            }

            string format = String(root, "format");
            if (format != FormatName)
            {
                throw new FormatException($"format is '{format}', not '{FormatName}'");
            }

            JsonElement headers = Member(root, "headers", JsonValueKind.Array);
            return new AnchorProof
            {
                SignedCheckpoint = System.Text.Encoding.UTF8.GetBytes(String(root, "checkpoint")),
                Transaction = Hex(String(root, "transaction"), "transaction"),
                TxOutProof = Hex(String(root, "txoutproof"), "txoutproof"),
                Headers = [.. headers.EnumerateArray().Select((h, i) => (ReadOnlyMemory<byte>)Hex(
                    h.ValueKind == JsonValueKind.String ? h.GetString()! : throw new FormatException($"headers[{i}] is not a string"),
                    $"headers[{i}]"))],
            };
        }
    }

    /// <summary>Writes the proof as indented JSON (UTF-8).</summary>
    public byte[] Format()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,

            // Keep the note's em dash and base64 '+' readable; the file is data, never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", FormatName);
            writer.WriteString("checkpoint", System.Text.Encoding.UTF8.GetString(SignedCheckpoint.Span));
            writer.WriteString("transaction", Encoders.Hex.EncodeData(Transaction.ToArray()));
            writer.WriteString("txoutproof", Encoders.Hex.EncodeData(TxOutProof.ToArray()));
            writer.WriteStartArray("headers");
            foreach (ReadOnlyMemory<byte> header in Headers)
            {
                writer.WriteStringValue(Encoders.Hex.EncodeData(header.ToArray()));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static JsonElement Member(JsonElement root, string name, JsonValueKind kind) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == kind
            ? value
            : throw new FormatException($"member '{name}' is missing or not a{(kind == JsonValueKind.Array ? "n array" : " string")}");

    private static string String(JsonElement root, string name) => Member(root, name, JsonValueKind.String).GetString()!;

    private static byte[] Hex(string text, string what)
    {
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{what} is not hex", e);
        }
    }
}
