using System.Net;
using System.Text.Json;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Http;

/// <summary>Assertions on RFC 9457 problem details, and on refusals that must leave the log as it was.</summary>
public static class ProblemAssert
{
    /// <summary>The base of the server's own problem types.</summary>
    public const string TypeBase = "https://oversightledger.org/problems/";

    /// <summary>
    /// Asserts a problem response: one of <paramref name="statuses"/>, <c>application/problem+json</c>, a
    /// non-empty <c>type</c> (<paramref name="type"/> if given) and a matching <c>status</c>; returns the problem.
    /// </summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode[] statuses, string? type, CancellationToken cancellationToken)
    {
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        string what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → {(int)response.StatusCode}: {LedgerHttp.Shorten(body)}";
        Assert.True(statuses.Contains(response.StatusCode), $"Expected {string.Join(" or ", statuses.Select(s => (int)s))}; {what}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"Not application/problem+json ({response.Content.Headers.ContentType}); {what}");
        using var document = JsonDocument.Parse(body);
        JsonElement problem = document.RootElement.Clone();
        Assert.True(problem.TryGetProperty("type", out JsonElement typeValue) && typeValue.GetString() is { Length: > 0 }, $"No type; {what}");
        Assert.True(Uri.IsWellFormedUriString(typeValue.GetString(), UriKind.Absolute), $"The type is not a well-formed absolute URI; {what}");
        if (type is not null)
        {
            Assert.True(typeValue.GetString() == type, $"Expected type {type}; {what}");
        }

        Assert.True(problem.TryGetProperty("status", out JsonElement status) && status.GetInt32() == (int)response.StatusCode, $"The problem's status differs; {what}");
        return problem;
    }

    /// <summary>
    /// Makes the call and asserts it is refused with <paramref name="status"/> (and <paramref name="type"/> if given)
    /// while the log's size, read from <c>/log/checkpoint</c> before and after, does not change.
    /// </summary>
    public static Task<JsonElement> RefusedAsync(
        HttpClient reader, Func<CancellationToken, Task<HttpResponseMessage>> call, HttpStatusCode status, string? type, CancellationToken cancellationToken) =>
        RefusedAsync(reader, call, [status], type, cancellationToken);

    /// <summary>As <see cref="RefusedAsync(HttpClient, Func{CancellationToken, Task{HttpResponseMessage}}, HttpStatusCode, string?, CancellationToken)"/>, with any of <paramref name="statuses"/>.</summary>
    public static async Task<JsonElement> RefusedAsync(
        HttpClient reader, Func<CancellationToken, Task<HttpResponseMessage>> call, HttpStatusCode[] statuses, string? type, CancellationToken cancellationToken)
    {
        ulong before = await reader.LogSizeAsync(cancellationToken);
        JsonElement problem;
        using (HttpResponseMessage response = await call(cancellationToken))
        {
            problem = await IsProblemAsync(response, statuses, type, cancellationToken);
        }

        ulong after = await reader.LogSizeAsync(cancellationToken);
        Assert.True(before == after, $"The log grew from {before} to {after} entries although the call was refused: {problem.GetRawText()}");
        return problem;
    }
}
