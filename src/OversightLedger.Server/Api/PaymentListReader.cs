using System.Text.Json;
using Sylvan.Data.Csv;

namespace OversightLedger.Server.Api;

/// <summary>
/// Reads a payment list: CSV with a header row (<c>id,budget,beneficiary,amount</c>, and optionally
/// <c>tranche,sector,modality,period,counterparty</c>) or a JSON array of the same objects. Amounts are decimal strings.
/// Rows are handed to a callback one at a time and never gathered: a list of 100,000 rows is read in the memory of one.
/// </summary>
internal static class PaymentListReader
{
    public const int MaxRows = 100_000;

    /// <summary>The message for a body that is neither CSV nor JSON.</summary>
    public const string UnsupportedFormat = "Send the payment list as text/csv or application/json.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    private static readonly string[] Required = ["id", "budget", "beneficiary", "amount"];
    private static readonly string[] Optional = ["tranche", "sector", "modality", "period", "counterparty"];

    /// <summary>Whether a payment list of this content type can be read (checked before the body is).</summary>
    public static bool IsSupported(string? contentType) => IsJson(contentType) || IsCsv(contentType);

    /// <summary>
    /// Reads the list from <paramref name="body"/> (left open), handing each row to <paramref name="row"/> in order with its
    /// 0-based index; the number of rows, or a message saying which row or column is wrong. On a message, rows before the
    /// fault may have been handed on: a caller that must act on a whole list only reads it once without acting first.
    /// </summary>
    public static Task<(int Rows, string? Error)> ReadAsync(
        Stream body, string? contentType, Func<int, DisbursementRequestBody, ValueTask> row, CancellationToken cancellationToken) =>
        IsJson(contentType) ? ReadJsonAsync(body, row, cancellationToken)
        : IsCsv(contentType) ? ReadCsvAsync(body, row, cancellationToken)
        : Task.FromResult<(int, string?)>((0, UnsupportedFormat));

    private static bool IsJson(string? contentType) => contentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsCsv(string? contentType) => contentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true;

    private static async Task<(int, string?)> ReadJsonAsync(Stream body, Func<int, DisbursementRequestBody, ValueTask> row, CancellationToken cancellationToken)
    {
        // The whole body is read, as a whole array would be: a fault anywhere refuses the list before a null row or the count.
        long start = body.CanSeek ? body.Position : -1;
        int count = 0;
        int firstNull = -1;
        try
        {
            await foreach (DisbursementRequestBody? item in JsonSerializer.DeserializeAsyncEnumerable<DisbursementRequestBody?>(body, Json, cancellationToken))
            {
                if (item is null)
                {
                    firstNull = firstNull < 0 ? count : firstNull;
                }
                else if (firstNull < 0 && count < MaxRows)
                {
                    await row(count, item);
                }

                count++;
            }
        }
        catch (JsonException e)
        {
            // Never e.Message: it names .NET types and can quote the input.
            return (0, $"The JSON payment list is not valid: {BadRequestDetails.Describe(FromListStart(e, count))}");
        }

        if (count == 0 && start >= 0 && await IsNullLiteralAsync(body, start, cancellationToken))
        {
            return (0, "The body must be a JSON array of rows."); // the enumeration reads a top-level null as no rows
        }

        return firstNull >= 0 ? (0, $"Row {firstNull + 1} of the JSON payment list is null; every row is an object.") : Check(count);
    }

    /// <summary>
    /// The fault with its path counted from the list's start: the enumeration numbers the elements of each buffer it reads
    /// from 0 (<c>$[30].amount</c> for row 5,001), and none of that buffer's rows was handed on, so they start at <paramref name="handedOn"/>.
    /// </summary>
    private static JsonException FromListStart(JsonException e, int handedOn)
    {
        string? path = e.Path;
        int end = path?.IndexOf(']', StringComparison.Ordinal) ?? -1;
        if (path is null || !path.StartsWith("$[", StringComparison.Ordinal) || end < 0
            || !int.TryParse(path.AsSpan(2, end - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
        {
            return e;
        }

        var rebased = new JsonException(e.Message, $"$[{(long)handedOn + index}]{path[(end + 1)..]}", e.LineNumber, e.BytePositionInLine, e);
        foreach (System.Collections.DictionaryEntry item in e.Data)
        {
            rebased.Data[item.Key] = item.Value;
        }

        return rebased;
    }

    /// <summary>Whether a body that read as no rows was the literal <c>null</c> rather than <c>[]</c>.</summary>
    private static async Task<bool> IsNullLiteralAsync(Stream body, long start, CancellationToken cancellationToken)
    {
        body.Position = start;
        byte[] head = new byte[64];
        int read = await body.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        ReadOnlySpan<byte> text = head.AsSpan(0, read);
        text = text.StartsWith("\uFEFF"u8) ? text[3..] : text;
        return text.TrimStart(" \t\r\n"u8).StartsWith("n"u8);
    }

    private static async Task<(int, string?)> ReadCsvAsync(Stream body, Func<int, DisbursementRequestBody, ValueTask> row, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, leaveOpen: true);
        CsvDataReader csv;
        try
        {
            csv = await CsvDataReader.CreateAsync(reader, new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',' }, cancellationToken);
        }
        catch (CsvFormatException e)
        {
            return (0, $"The CSV payment list is not valid: {e.Message}");
        }

        await using (csv)
        {
            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < csv.FieldCount; i++)
            {
                string name = csv.GetName(i).Trim();
                if (!Required.Contains(name, StringComparer.Ordinal) && !Optional.Contains(name, StringComparer.Ordinal))
                {
                    return (0, $"The CSV header has an unknown column '{name}' (known: {string.Join(',', Required.Concat(Optional))}).");
                }

                if (!columns.TryAdd(name, i))
                {
                    return (0, $"The CSV header names '{name}' twice.");
                }
            }

            if (Required.FirstOrDefault(r => !columns.ContainsKey(r)) is { } missing)
            {
                return (0, $"The CSV header has no '{missing}' column (needed: id,budget,beneficiary,amount).");
            }

            int count = 0;
            try
            {
                while (await csv.ReadAsync(cancellationToken))
                {
                    if (csv.RowFieldCount != csv.FieldCount)
                    {
                        return (0, $"CSV row {count + 1} has {csv.RowFieldCount} fields; the header has {csv.FieldCount}.");
                    }

                    if (count == MaxRows)
                    {
                        count++;
                        break;
                    }

                    await row(count, new DisbursementRequestBody(
                        Field(csv, columns, "id") ?? string.Empty,
                        Field(csv, columns, "budget") ?? string.Empty,
                        Field(csv, columns, "beneficiary") ?? string.Empty,
                        Field(csv, columns, "amount") ?? string.Empty,
                        Field(csv, columns, "tranche"),
                        Field(csv, columns, "sector"),
                        Field(csv, columns, "modality"),
                        Field(csv, columns, "period"),
                        Field(csv, columns, "counterparty")));
                    count++;
                }
            }
            catch (CsvFormatException e)
            {
                return (0, $"The CSV payment list is not valid at row {count + 1}: {e.Message}");
            }

            return Check(count);
        }
    }

    private static string? Field(CsvDataReader csv, Dictionary<string, int> columns, string name) =>
        columns.TryGetValue(name, out int ordinal) && csv.GetString(ordinal).Trim() is { Length: > 0 } value ? value : null;

    private static (int, string?) Check(int rows) =>
        rows switch
        {
            0 => (0, "The payment list has no rows."),
            > MaxRows => (0, $"A payment list holds at most {MaxRows:N0} rows."),
            _ => (rows, null),
        };
}
