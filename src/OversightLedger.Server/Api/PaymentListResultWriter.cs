using System.Text.Json;

namespace OversightLedger.Server.Api;

/// <summary>
/// Writes a payment list's row results, in row order, as the JSON array of its report (<c>[{…},{…}]</c>) into a file, and
/// counts them, so that no more than a chunk's results is ever held; <see cref="PaymentListReportResult"/> sends the file.
/// </summary>
internal sealed class PaymentListResultWriter
{
    private readonly FileStream _file;
    private readonly JsonSerializerOptions _json;
    private readonly Utf8JsonWriter _writer;

    public PaymentListResultWriter(FileStream file, JsonSerializerOptions json)
    {
        _file = file;
        _json = json;
        // The writer the serializer itself would use for these options, so each row reads exactly as in a whole report.
        _writer = new Utf8JsonWriter(file, new JsonWriterOptions
        {
            Encoder = json.Encoder,
            Indented = json.WriteIndented,
            IndentCharacter = json.IndentCharacter,
            IndentSize = json.IndentSize,
            NewLine = json.NewLine,
            MaxDepth = json.MaxDepth,
        });
        _writer.WriteStartArray();
    }

    public int Accepted { get; private set; }

    public int Rejected { get; private set; }

    public void Write(RowResult result)
    {
        JsonSerializer.Serialize(_writer, result, _json);
        Accepted += result.Status == "accepted" ? 1 : 0;
        Rejected += result.Status == "rejected" ? 1 : 0;
    }

    public Task FlushAsync() => _writer.FlushAsync();

    /// <summary>Closes the array; the file then holds the whole <c>results</c> value.</summary>
    public async Task CompleteAsync()
    {
        _writer.WriteEndArray();
        await _writer.FlushAsync();
        await _writer.DisposeAsync();
        await _file.FlushAsync();
    }

    /// <summary>The results array from its first byte (the file stays the request's, disposed with it).</summary>
    public Stream Rewind()
    {
        _file.Position = 0;
        return _file;
    }
}
