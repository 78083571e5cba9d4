using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OversightLedger.Server.Api;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// The parts that let a payment list be paid without holding it: the reader hands rows on one at a time with the same rows
/// and the same refusals as reading the list whole, the spool gives the body back unchanged as often as asked, and the
/// report written from the results file is byte for byte the report the serializer writes whole.
/// </summary>
public sealed class PaymentListStreamingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>JSON bodies, good and bad, that the whole-list reader and the streamed one must read alike.</summary>
    public static TheoryData<string> JsonBodies => new()
    {
        """[{"id":"a","budget":"b","beneficiary":"c","amount":"1.00"},{"id":"d","budget":"b","beneficiary":"e","amount":"2.00","tranche":"t","modality":"cash"}]""",
        "null", " \r\n null ", "\uFEFFnull", "[]", "{}", "5", "\"x\"", "[1]", "[[1]]", "", "  ", "nul", "[{", "[null]",
        """[{"id":"a","budget":"b","beneficiary":"c","amount":"1.00"},null,{"id":"a","budget":"b","beneficiary":"c","amount":"1.00"}]""",
        """[{"id":"a","budget":"b","beneficiary":"c","amount":"1.00"},null,{"id":"a","budget":"b","beneficiary":"c","amount":5}]""",
        """[{"id":"a","budget":"b","beneficiary":"c","amount":5}]""",
        """[{"id":"a","colour":"red"}]""",
        """[{"id":"a","id":"b"}]""",
        """[{"id":"a"}] x""",
        "[{\"id\":\"a\"},\n {\"id\": 1}]",
        """[{"id":"a","budget":"b","beneficiary":"c","amount":"1.00","modality":1}]""",
    };

    [Theory]
    [MemberData(nameof(JsonBodies))]
    public async Task A_JSON_list_read_row_by_row_gives_the_rows_and_refusals_of_the_whole_list(string body)
    {
        (List<DisbursementRequestBody>? wholeRows, string? wholeError) = await ReadWholeAsync(body);

        (List<DisbursementRequestBody> rows, (int Count, string? Error) read) = await ReadAsync(body, "application/json");

        Assert.Equal(wholeError, read.Error);
        if (wholeError is null)
        {
            Assert.Equal(wholeRows!, rows);
            Assert.Equal(wholeRows!.Count, read.Count);
        }
    }

    [Theory]
    [InlineData(2_345, "{\"id\":\"x\",\"budget\":\"b\",\"beneficiary\":\"c\",\"amount\":5}")]
    [InlineData(4_999, "{\"id\":\"x\",\"budget\":\"b\",\"beneficiary\":\"c\",\"amount\":\"1.00\",\"modality\":1}")]
    [InlineData(3_000, "{\"id\":\"x\",\"colour\":\"red\"}")]
    [InlineData(4_000, "null")]
    [InlineData(1_000, "[1]")]
    [InlineData(4_321, "{\"id\":\"x\",\"budget\":\"b\"\n,,}")]
    public async Task A_fault_deep_in_a_long_JSON_list_is_refused_with_the_place_the_whole_list_gives(int at, string fault)
    {
        string row = """{"id":"a","budget":"b","beneficiary":"c","amount":"1.00"}""";
        string body = "[\n" + string.Join(",\n", Enumerable.Range(0, 5_000).Select(i => i == at ? fault : row)) + "\n]";

        (_, string? wholeError) = await ReadWholeAsync(body);

        Assert.NotNull(wholeError);
        Assert.Equal(wholeError, (await ReadAsync(body, "application/json")).Read.Error);
    }

    [Fact]
    public async Task A_JSON_list_of_more_than_100000_rows_is_refused_after_it_is_read_to_its_end()
    {
        string rows = string.Join(',', Enumerable.Repeat("""{"id":"a","budget":"b","beneficiary":"c","amount":"1.00"}""", PaymentListReader.MaxRows + 1));

        Assert.Equal("A payment list holds at most 100,000 rows.", (await ReadAsync("[" + rows + "]", "application/json")).Read.Error);
        Assert.StartsWith("The JSON payment list is not valid", (await ReadAsync("[" + rows + ",{]", "application/json")).Read.Error, StringComparison.Ordinal);
        Assert.Equal(PaymentListReader.MaxRows, (await ReadAsync("[" + rows[(rows.IndexOf('}') + 2)..] + "]", "application/json")).Read.Count);
    }

    [Fact]
    public async Task A_CSV_list_is_handed_on_row_by_row_in_order_up_to_100000_rows()
    {
        var csv = new StringBuilder("amount, id ,budget,beneficiary,period\n");
        for (int i = 0; i < PaymentListReader.MaxRows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i}.00,r-{i},b,c-{i % 7},\n");
        }

        (List<DisbursementRequestBody> rows, (int count, string? error)) = await ReadAsync(csv.ToString(), "text/csv; charset=utf-8");
        Assert.Equal((PaymentListReader.MaxRows, (string?)null), (count, error));
        Assert.Equal(new DisbursementRequestBody("r-99999", "b", "c-4", "99999.00"), rows[^1]);
        Assert.True(rows.Select((r, i) => r.Id == $"r-{i}").All(same => same));

        csv.Append("1.00,r-last,b,c,\n");
        Assert.Equal("A payment list holds at most 100,000 rows.", (await ReadAsync(csv.ToString(), "text/csv")).Read.Error);
    }

    [Theory]
    [InlineData("id,budget,beneficiary\nr,b,c\n", "The CSV header has no 'amount' column (needed: id,budget,beneficiary,amount).")]
    [InlineData("id,budget,beneficiary,amount,colour\nr,b,c,1.00,red\n", "The CSV header has an unknown column 'colour' (known: id,budget,beneficiary,amount,tranche,sector,modality,period,counterparty).")]
    [InlineData("id,budget,id,beneficiary,amount\n", "The CSV header names 'id' twice.")]
    [InlineData("id,budget,beneficiary,amount\nr,b,c,1.00\nr,b,c\n", "CSV row 2 has 3 fields; the header has 4.")]
    [InlineData("id,budget,beneficiary,amount\n", "The payment list has no rows.")]
    [InlineData("", "The CSV payment list is not valid: The CSV file does not have headers")]
    public async Task A_CSV_list_with_a_fault_is_refused_with_where_it_is(string body, string error) =>
        Assert.StartsWith(error, (await ReadAsync(body, "text/csv")).Read.Error, StringComparison.Ordinal);

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task A_list_in_another_format_is_refused_before_its_body_is_read(string? contentType)
    {
        Assert.False(PaymentListReader.IsSupported(contentType));
        Assert.Equal(PaymentListReader.UnsupportedFormat, (await ReadAsync("id,budget,beneficiary,amount\nr,b,c,1.00\n", contentType)).Read.Error);
    }

    [Fact]
    public async Task The_spool_hashes_the_body_as_sent_and_gives_it_back_each_time_it_is_read()
    {
        byte[] body = RandomNumberGenerator.GetBytes(1_000_003);

        await using PaymentListSpool spool = await PaymentListSpool.ReceiveAsync(new MemoryStream(body), Ct);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), spool.Sha256);
        for (int pass = 0; pass < 2; pass++)
        {
            using var copy = new MemoryStream();
            await spool.Rewind().CopyToAsync(copy, Ct);
            Assert.Equal(body, copy.ToArray());
        }
    }

    [Fact]
    public async Task The_report_sent_from_the_results_file_is_the_report_the_serializer_writes_whole()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddStrictRequests();
        await using ServiceProvider provider = services.BuildServiceProvider();
        JsonSerializerOptions json = provider.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        RowResult[] results =
        [
            new(1, "r-1", "accepted", 41, null, null, "disbursement/p/r-1"),
            new(2, "bad id", "rejected", null, "invalid-request", "id: an id is <\"quoted\"> & non-ASCII: é ✓"),
            new(3, "r-3", "rejected", null, "cap-exceeded", "over the cap"),
            new(4, "r-4", "accepted", ulong.MaxValue, null, null, "disbursement/p/r-4"),
        ];
        byte[] whole = JsonSerializer.SerializeToUtf8Bytes(new PaymentListReport("p-é", results.Length, 2, 2, results), json);

        FileStream file = PaymentListSpool.CreateTemporaryFile("oversight-payment-list-results-test");
        await using (file)
        {
            var writer = new PaymentListResultWriter(file, json);
            foreach (RowResult result in results)
            {
                writer.Write(result);
            }

            await writer.CompleteAsync();
            var http = new DefaultHttpContext { RequestServices = provider };
            using var body = new MemoryStream();
            http.Response.Body = body;
            await new PaymentListReportResult("p-é", results.Length, writer, json).ExecuteAsync(http);

            Assert.Equal((2, 2), (writer.Accepted, writer.Rejected));
            Assert.Equal((200, "application/json; charset=utf-8"), (http.Response.StatusCode, http.Response.ContentType));
            Assert.Equal(Encoding.UTF8.GetString(whole), Encoding.UTF8.GetString(body.ToArray()));
        }
    }

    [Fact]
    public async Task An_empty_results_file_makes_a_report_with_no_results()
    {
        JsonSerializerOptions json = new(JsonSerializerDefaults.Web);
        await using FileStream file = PaymentListSpool.CreateTemporaryFile("oversight-payment-list-results-test");
        var writer = new PaymentListResultWriter(file, json);
        await writer.CompleteAsync();
        var http = new DefaultHttpContext();
        using var body = new MemoryStream();
        http.Response.Body = body;

        await new PaymentListReportResult("p", 0, writer, json).ExecuteAsync(http);

        Assert.Equal(JsonSerializer.Serialize(new PaymentListReport("p", 0, 0, 0, []), json), Encoding.UTF8.GetString(body.ToArray()));
    }

    /// <summary>The list read whole, as the endpoint read it before it streamed: the reference the streamed reader must match.</summary>
    private static async Task<(List<DisbursementRequestBody>? Rows, string? Error)> ReadWholeAsync(string body)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
        };
        try
        {
            List<DisbursementRequestBody?>? rows = await JsonSerializer.DeserializeAsync<List<DisbursementRequestBody?>>(new MemoryStream(Encoding.UTF8.GetBytes(body)), options, Ct);
            if (rows is null)
            {
                return (null, "The body must be a JSON array of rows.");
            }

            int firstNull = rows.IndexOf(null);
            return firstNull >= 0 ? (null, $"Row {firstNull + 1} of the JSON payment list is null; every row is an object.")
                : rows.Count == 0 ? (null, "The payment list has no rows.")
                : ([.. rows.OfType<DisbursementRequestBody>()], null);
        }
        catch (JsonException e)
        {
            return (null, $"The JSON payment list is not valid: {BadRequestDetails.Describe(e)}");
        }
    }

    private static async Task<(List<DisbursementRequestBody> Rows, (int Count, string? Error) Read)> ReadAsync(string body, string? contentType)
    {
        var rows = new List<DisbursementRequestBody>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
        (int, string?) read = await PaymentListReader.ReadAsync(
            stream,
            contentType,
            (index, row) =>
            {
                Assert.Equal(rows.Count, index);
                rows.Add(row);
                return ValueTask.CompletedTask;
            },
            Ct);
        return (rows, read);
    }
}
