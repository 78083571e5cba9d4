using System.Net;
using System.Text.Json;

namespace OversightLedger.Cli.Agency;

/// <summary>
/// An error answer of the ledger server: RFC 9457 problem details (<c>type</c>, <c>title</c>, <c>detail</c>, and
/// <c>code</c> when a ledger rule refused the request), or whatever text came back instead.
/// </summary>
internal sealed record LedgerProblem(HttpStatusCode Status, string? Title, string? Detail, string? Code)
{
    private const int MaxTextLength = 300;

    /// <summary>Whether a ledger rule refused the request (the problem names a rejection code), as opposed to an access or transport failure.</summary>
    public bool IsLedgerRefusal => Code is not null && Status is not HttpStatusCode.Unauthorized and not HttpStatusCode.Forbidden;

    /// <summary>The most useful one-line description: the detail, else the title, else the status.</summary>
    public string Description => Detail ?? Title ?? $"{(int)Status} {Status}";

    /// <summary>Reads the problem from <paramref name="response"/>'s body (never throws on a malformed body).</summary>
    public static async Task<LedgerProblem> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            body = string.Empty;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                return new LedgerProblem(response.StatusCode, Text(json.RootElement, "title"), Text(json.RootElement, "detail"), Text(json.RootElement, "code"));
            }
        }
        catch (JsonException)
        {
            // Not problem details (a proxy's HTML page, say): keep the start of the text.
        }

        string text = body.ReplaceLineEndings(" ").Trim();
        return new LedgerProblem(response.StatusCode, response.ReasonPhrase, text.Length == 0 ? null : text[..Math.Min(text.Length, MaxTextLength)], null);
    }

    private static string? Text(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
