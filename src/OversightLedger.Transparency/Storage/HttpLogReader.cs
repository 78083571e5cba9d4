using System.Net;

namespace OversightLedger.Transparency.Storage;

/// <summary>Reads a log served over HTTP(S) from its base URL (the folder that holds <c>checkpoint</c> and <c>tile/</c>).</summary>
public sealed class HttpLogReader : ILogReader
{
    private readonly HttpClient _client;
    private readonly Uri _baseUri;

    /// <summary>A reader for the log at <paramref name="baseUri"/>.</summary>
    public HttpLogReader(HttpClient client, Uri baseUri)
    {
        _client = client;
        _baseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
    }

    /// <inheritdoc/>
    public string Location => _baseUri.AbsoluteUri;

    /// <inheritdoc/>
    public async ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        using HttpResponseMessage response = await _client.GetAsync(new Uri(_baseUri, path), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }
}
