using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>Small helpers for talking to the server's HTTP API as a client would: JSON in, JSON or problem details out.</summary>
public static class LedgerHttp
{
    /// <summary>POSTs <paramref name="body"/> serialized as JSON (web defaults: camelCase).</summary>
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body, CancellationToken cancellationToken) =>
        client.PostAsync(Relative(path), JsonContent.Create(body), cancellationToken);

    /// <summary>POSTs <paramref name="body"/> as it is, with <paramref name="contentType"/>.</summary>
    public static Task<HttpResponseMessage> PostTextAsync(this HttpClient client, string path, string body, string contentType, CancellationToken cancellationToken) =>
        client.PostAsync(Relative(path), new StringContent(body, Encoding.UTF8, contentType), cancellationToken);

    /// <summary>The response body as a JSON element (cloned, so the document can go).</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: the body is not JSON: {Shorten(text)}", e);
        }
    }

    /// <summary>Asserts the status and returns the JSON body.</summary>
    public static async Task<JsonElement> ExpectJsonAsync(this HttpResponseMessage response, HttpStatusCode status, CancellationToken cancellationToken)
    {
        using (response)
        {
            string text = await response.Content.ReadAsStringAsync(cancellationToken);
            Assert.True(
                response.StatusCode == status,
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {Shorten(text)}");
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
    }

    /// <summary>Sends a request and expects <c>201 Created</c> with a JSON body.</summary>
    public static async Task<JsonElement> ExpectCreatedAsync(this Task<HttpResponseMessage> request, CancellationToken cancellationToken) =>
        await (await request).ExpectJsonAsync(HttpStatusCode.Created, cancellationToken);

    /// <summary>GETs <paramref name="path"/> and expects 200 with a JSON body.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path, CancellationToken cancellationToken) =>
        await (await client.GetAsync(Relative(path), cancellationToken)).ExpectJsonAsync(HttpStatusCode.OK, cancellationToken);

    /// <summary>The size of the latest checkpoint at <c>/log/checkpoint</c> (read, not verified: see the contract tests).</summary>
    public static async Task<ulong> LogSizeAsync(this HttpClient client, CancellationToken cancellationToken)
    {
        string checkpoint = await client.GetStringAsync(Relative("log/checkpoint"), cancellationToken);
        return ulong.Parse(checkpoint.Split('\n')[1], NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>Entry <paramref name="leaf"/> of the tree of <paramref name="treeSize"/>, read from the public entry bundle at <c>/log/tile/entries/…</c>.</summary>
    public static async Task<byte[]> ReadLogEntryAsync(this HttpClient client, ulong leaf, ulong treeSize, CancellationToken cancellationToken)
    {
        ulong bundle = leaf / TileLayout.Width;
        string path = "log/" + TilePath.Entries(bundle, TileLayout.TileWidth(treeSize, 0, bundle));
        byte[] bytes = await client.GetByteArrayAsync(Relative(path), cancellationToken);
        return EntryBundle.Decode(bytes)[(int)(leaf % TileLayout.Width)].ToArray();
    }

    /// <summary>Creates an API key (admin client) and returns the key itself.</summary>
    public static async Task<string> CreateKeyAsync(this HttpClient admin, string role, string principal, CancellationToken cancellationToken)
    {
        JsonElement created = await admin.PostJsonAsync("api/keys", new { role, principal }, cancellationToken).ExpectCreatedAsync(cancellationToken);
        return created.GetProperty("key").GetString()!;
    }

    /// <summary>A fresh id for this test run: <paramref name="prefix"/> and 12 hex digits.</summary>
    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>A SHA-256 in lower-case hex, as evidence of a benchmark verification.</summary>
    public static string EvidenceHash(string evidence) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(evidence)));

    /// <summary>A string property of a JSON object.</summary>
    public static string Text(this JsonElement element, string property) =>
        element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidOperationException($"No string '{property}' in {Shorten(element.GetRawText())}");

    /// <summary>A decimal amount (a decimal string) of a JSON object.</summary>
    public static decimal Amount(this JsonElement element, string property) =>
        decimal.Parse(element.Text(property), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>At most a few hundred characters of a body, for failure messages.</summary>
    public static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";

    private static Uri Relative(string path) => new(path.TrimStart('/'), UriKind.Relative);
}
