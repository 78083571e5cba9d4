using System.Text.Json;

namespace OversightLedger.Server.Api;

/// <summary>
/// A payment list's report, 200 with <see cref="PaymentListReport"/>, byte for byte as the serializer writes it, but sent
/// from the results file instead of from a report held whole: the counts, then the results copied from the file.
/// </summary>
internal sealed class PaymentListReportResult(string program, int rows, PaymentListResultWriter results, JsonSerializerOptions json) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        // The report with no results ends `"results":[]}`: the results are its last member, so the file's array goes there.
        byte[] head = JsonSerializer.SerializeToUtf8Bytes(new PaymentListReport(program, rows, results.Accepted, results.Rejected, []), json);
        const int EmptyArrayAndClose = 3;
        if (!head.AsSpan(head.Length - EmptyArrayAndClose).SequenceEqual("[]}"u8))
        {
            throw new InvalidOperationException("The payment-list report no longer ends with its results.");
        }

        HttpResponse response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await response.Body.WriteAsync(head.AsMemory(0, head.Length - EmptyArrayAndClose), httpContext.RequestAborted);
        await results.Rewind().CopyToAsync(response.Body, httpContext.RequestAborted);
        await response.Body.WriteAsync("}"u8.ToArray(), httpContext.RequestAborted);
    }
}
