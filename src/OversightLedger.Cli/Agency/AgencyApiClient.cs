using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using OversightLedger.Cli.Execution;

namespace OversightLedger.Cli.Agency;

/// <summary>
/// The ledger server's HTTP API as the agency commands use it. Failures become the CLI's exit codes: a ledger rule
/// that refuses is <see cref="LedgerRefusedException"/> (exit 1, thrown by the command); an unreachable server,
/// a timeout, 401, 403, a malformed request and any other HTTP error are <see cref="CommandFailedException"/> (exit 2).
/// </summary>
internal sealed class AgencyApiClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly HttpClient _http;

    /// <param name="server">The server's base URL (from <see cref="ServerAddress.Parse"/>).</param>
    /// <param name="apiKey">Sent as <c>Authorization: Bearer</c>; null for the public endpoints.</param>
    /// <param name="timeout">How long one request may take, answer included.</param>
    public AgencyApiClient(Uri server, string? apiKey, TimeSpan timeout)
    {
        Server = server;
        _http = new HttpClient { BaseAddress = server, Timeout = timeout };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("oversight-cli", typeof(AgencyApiClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public Uri Server { get; }

    /// <summary>The absolute URL of a path under the server.</summary>
    public Uri Url(string relativePath) => new(Server, relativePath);

    /// <summary>
    /// The path of a disbursement's receipt (JSON) under the server: a disbursement id is the agency's own, unique within
    /// its program, so the receipt is found under the program.
    /// </summary>
    public static string ReceiptPath(string program, string disbursementId) =>
        $"api/programs/{Uri.EscapeDataString(program)}/disbursements/{Uri.EscapeDataString(disbursementId)}";

    /// <summary>Records one disbursement. A refusal by a ledger rule comes back as the problem, not an exception.</summary>
    public async Task<(RecordedDisbursement? Recorded, LedgerProblem? Refusal)> DisburseAsync(string program, DisbursementBody body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/programs/{Uri.EscapeDataString(program)}/disbursements")
        {
            Content = JsonContent.Create(body, options: Json),
        };
        using HttpResponseMessage response = await SendAsync(request, "record the disbursement", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return (await ReadJsonAsync<RecordedDisbursement>(response, cancellationToken).ConfigureAwait(false), null);
        }

        LedgerProblem problem = await LedgerProblem.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        return problem.IsLedgerRefusal ? (null, problem) : throw Failure(problem, "record the disbursement");
    }

    /// <summary>The path of the reversal of the agency's disbursement <paramref name="disbursementId"/>.</summary>
    public static string ReversalPath(string program, string disbursementId) => ReceiptPath(program, disbursementId) + "/reversal";

    /// <summary>The path of the delivery confirmation of the agency's disbursement <paramref name="disbursementId"/>.</summary>
    public static string DeliveryPath(string program, string disbursementId) => ReceiptPath(program, disbursementId) + "/delivery";

    /// <summary>
    /// Posts a ledger act (a reversal, a delivery confirmation) to <paramref name="path"/>. A refusal by a ledger rule
    /// comes back as the problem, not an exception.
    /// </summary>
    public async Task<(RecordedLedgerEntry? Recorded, LedgerProblem? Refusal)> RecordAsync(string path, object body, string action, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, body.GetType(), options: Json) };
        using HttpResponseMessage response = await SendAsync(request, action, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return (await ReadJsonAsync<RecordedLedgerEntry>(response, cancellationToken).ConfigureAwait(false), null);
        }

        LedgerProblem problem = await LedgerProblem.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        return problem.IsLedgerRefusal ? (null, problem) : throw Failure(problem, action);
    }

    /// <summary>Sends a payment list (CSV or JSON) and returns the per-row report; <paramref name="content"/> is streamed, not buffered.</summary>
    public async Task<PaymentListReport> ImportPaymentListAsync(string program, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var streamed = new StreamContent(content);
        streamed.Headers.ContentType = new MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        streamed.Headers.ContentLength = content.Length;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/programs/{Uri.EscapeDataString(program)}/payment-lists") { Content = streamed };
        using HttpResponseMessage response = await SendAsync(request, "import the payment list", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            PaymentListReport report = await ReadJsonAsync<PaymentListReport>(response, cancellationToken).ConfigureAwait(false);
            return report.Results is null ? throw CommandFailedException.BadInput($"the server's payment-list report from {Server} has no results.") : report;
        }

        throw Failure(await LedgerProblem.ReadAsync(response, cancellationToken).ConfigureAwait(false), "import the payment list");
    }

    /// <summary>Posts <paramref name="body"/> to <paramref name="path"/> and returns the JSON answer (a read that is a POST, such as an ad-hoc screening).</summary>
    public async Task<JsonElement> PostForJsonAsync(string path, object body, string action, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, body.GetType(), options: Json) };
        using HttpResponseMessage response = await SendAsync(request, action, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return await ReadJsonAsync<JsonElement>(response, cancellationToken).ConfigureAwait(false);
        }

        throw Failure(await LedgerProblem.ReadAsync(response, cancellationToken).ConfigureAwait(false), action);
    }

    /// <summary>The bytes of a public document (a receipt, an entry); 404 says there is no <paramref name="what"/>.</summary>
    public async Task<byte[]> DownloadAsync(string relativePath, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relativePath);
        using HttpResponseMessage response = await SendAsync(request, $"download the {what}", cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        LedgerProblem problem = await LedgerProblem.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        throw problem.Status == HttpStatusCode.NotFound
            ? CommandFailedException.BadInput($"{Server} has no {what} at {Url(relativePath).AbsolutePath} (404): {problem.Description}")
            : Failure(problem, $"download the {what}");
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string action, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw CommandFailedException.BadInput($"cannot reach the ledger server at {Server} to {action}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw CommandFailedException.BadInput(
                $"the ledger server at {Server} did not answer within {_http.Timeout.TotalSeconds:0} s while trying to {action}; "
                + "it may still have recorded it: running the same command again is safe (every disbursement is idempotent by its id).",
                e);
        }
    }

    private CommandFailedException Failure(LedgerProblem problem, string action) => problem.Status switch
    {
        HttpStatusCode.Unauthorized => CommandFailedException.BadInput($"the ledger server at {Server} did not accept the API key (401 Unauthorized): it is unknown or revoked."),
        HttpStatusCode.Forbidden => CommandFailedException.BadInput(
            $"the API key may not {action} (403 Forbidden): {problem.Detail ?? "the key's role does not allow it (this needs an agency key, acting on its own programs)"}"),
        HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnsupportedMediaType =>
            CommandFailedException.BadInput($"the ledger server could not {action} ({(int)problem.Status}): {problem.Description}"),
        _ => CommandFailedException.BadInput($"the ledger server could not {action}: HTTP {(int)problem.Status} {problem.Title ?? problem.Status.ToString()}: {problem.Description}"),
    };

    private async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
                ?? throw CommandFailedException.BadInput($"the ledger server at {Server} answered with an empty body.");
        }
        catch (JsonException e)
        {
            throw CommandFailedException.BadInput($"the ledger server at {Server} answered with JSON the CLI cannot read: {e.Message}", e);
        }
    }
}
