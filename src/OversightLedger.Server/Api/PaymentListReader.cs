using System.Text.Json;
using Sylvan.Data.Csv;

namespace OversightLedger.Server.Api;

/// <summary>
/// Reads a payment list: CSV with a header row (<c>id,budget,beneficiary,amount</c>, and optionally
/// <c>tranche,sector,modality,period,counterparty</c>) or a JSON array of the same objects. Amounts are decimal strings.
/// </summary>
internal static class PaymentListReader
{
    public const int MaxRows = 100_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    /// <summary>The rows, or a message saying which row or column is wrong.</summary>
    public static async Task<(List<DisbursementRequestBody>? Rows, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        string contentType = request.ContentType ?? string.Empty;
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                List<DisbursementRequestBody?>? rows = await JsonSerializer.DeserializeAsync<List<DisbursementRequestBody?>>(request.Body, Json, cancellationToken);
                if (rows is null)
                {
                    return (null, "The body must be a JSON array of rows.");
                }

                int firstNull = rows.IndexOf(null);
                return firstNull >= 0
                    ? (null, $"Row {firstNull + 1} of the JSON payment list is null; every row is an object.")
                    : Check([.. rows.OfType<DisbursementRequestBody>()]);
            }
            catch (JsonException e)
            {
                // Never e.Message: it names .NET types and can quote the input.
                return (null, $"The JSON payment list is not valid: {BadRequestDetails.Describe(e)}");
            }
        }

        if (contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadCsvAsync(request.Body, cancellationToken);
        }

        return (null, "Send the payment list as text/csv or application/json.");
    }

    private static async Task<(List<DisbursementRequestBody>?, string?)> ReadCsvAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        CsvDataReader csv;
        try
        {
            csv = await CsvDataReader.CreateAsync(reader, new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',' }, cancellationToken);
        }
        catch (CsvFormatException e)
        {
            return (null, $"The CSV payment list is not valid: {e.Message}");
        }

        await using (csv)
        {
            string[] required = ["id", "budget", "beneficiary", "amount"];
            string[] optional = ["tranche", "sector", "modality", "period", "counterparty"];
            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < csv.FieldCount; i++)
            {
                string name = csv.GetName(i).Trim();
                if (!required.Contains(name, StringComparer.Ordinal) && !optional.Contains(name, StringComparer.Ordinal))
                {
                    return (null, $"The CSV header has an unknown column '{name}' (known: {string.Join(',', required.Concat(optional))}).");
                }

                if (!columns.TryAdd(name, i))
                {
                    return (null, $"The CSV header names '{name}' twice.");
                }
            }

            if (required.FirstOrDefault(r => !columns.ContainsKey(r)) is { } missing)
            {
                return (null, $"The CSV header has no '{missing}' column (needed: id,budget,beneficiary,amount).");
            }

            var rows = new List<DisbursementRequestBody>();
            try
            {
                while (await csv.ReadAsync(cancellationToken))
                {
                    if (csv.RowFieldCount != csv.FieldCount)
                    {
                        return (null, $"CSV row {rows.Count + 1} has {csv.RowFieldCount} fields; the header has {csv.FieldCount}.");
                    }

                    rows.Add(new DisbursementRequestBody(
                        Field(csv, columns, "id") ?? string.Empty,
                        Field(csv, columns, "budget") ?? string.Empty,
                        Field(csv, columns, "beneficiary") ?? string.Empty,
                        Field(csv, columns, "amount") ?? string.Empty,
                        Field(csv, columns, "tranche"),
                        Field(csv, columns, "sector"),
                        Field(csv, columns, "modality"),
                        Field(csv, columns, "period"),
                        Field(csv, columns, "counterparty")));
                    if (rows.Count > MaxRows)
                    {
                        break;
                    }
                }
            }
            catch (CsvFormatException e)
            {
                return (null, $"The CSV payment list is not valid at row {rows.Count + 1}: {e.Message}");
            }

            return Check(rows);
        }
    }

    private static string? Field(CsvDataReader csv, Dictionary<string, int> columns, string name) =>
        columns.TryGetValue(name, out int ordinal) && csv.GetString(ordinal).Trim() is { Length: > 0 } value ? value : null;

    private static (List<DisbursementRequestBody>?, string?) Check(List<DisbursementRequestBody> rows) =>
        rows.Count switch
        {
            0 => (null, "The payment list has no rows."),
            > MaxRows => (null, $"A payment list holds at most {MaxRows:N0} rows."),
            _ => (rows, null),
        };
}
