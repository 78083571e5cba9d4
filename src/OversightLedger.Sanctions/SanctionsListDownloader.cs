using System.Buffers;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace OversightLedger.Sanctions;

/// <summary>
/// Downloads a list file over HTTP(S), whole or not at all: a status outside 2xx, a body over
/// <see cref="SanctionsListDownloadOptions.MaxBytes"/> (announced or counted), a body shorter than its
/// <c>Content-Length</c> or cut by the connection, an empty body, or a download slower than
/// <see cref="SanctionsListDownloadOptions.Timeout"/> throws <see cref="SanctionsListDownloadException"/>.
/// </summary>
public sealed class SanctionsListDownloader
{
    private const int BufferSize = 81_920;

    private readonly HttpClient _httpClient;
    private readonly SanctionsListDownloadOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a downloader over a client (its handler decides proxies and decompression).</summary>
    public SanctionsListDownloader(HttpClient httpClient, SanctionsListDownloadOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _httpClient = httpClient;
        _options = options ?? new SanctionsListDownloadOptions();
        if (_options.MaxBytes <= 0 || _options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxBytes and Timeout must be positive");
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Downloads and parses a list in one step; the version's SHA-256 is that of the downloaded bytes.</summary>
    public async Task<SanctionsList> DownloadListAsync(Uri address, SanctionsListFormat format, string? source = null, CancellationToken cancellationToken = default)
    {
        DownloadedSanctionsListFile file = await DownloadAsync(address, SanctionsListReader.DefaultFileName(format), cancellationToken).ConfigureAwait(false);
        return SanctionsListReader.Read(format, file.Content, source, file.FileName);
    }

    /// <summary>Downloads one file whole.</summary>
    /// <param name="address">An absolute http or https URL.</param>
    /// <param name="fallbackFileName">The file name to use when the address's last segment has no extension (the EU's ends in <c>/content</c>).</param>
    /// <param name="cancellationToken">Cancels the download (an <see cref="OperationCanceledException"/>, not a refusal).</param>
    public async Task<DownloadedSanctionsListFile> DownloadAsync(Uri address, string fallbackFileName = "download", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        string shown = address.IsAbsoluteUri ? address.GetLeftPart(UriPartial.Path) : address.OriginalString;
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new SanctionsListDownloadException(shown, SanctionsListDownloadFailure.InvalidAddress, "not an absolute http or https URL");
        }

        using var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            using HttpResponseMessage response = await SendAsync(request, shown, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new SanctionsListDownloadException(
                    shown, SanctionsListDownloadFailure.HttpStatus, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd(), response.StatusCode);
            }

            HttpContentHeaders headers = response.Content.Headers;
            if (headers.ContentLength > _options.MaxBytes)
            {
                throw new SanctionsListDownloadException(
                    shown, SanctionsListDownloadFailure.TooLarge, $"the body is {headers.ContentLength} bytes, over the limit of {_options.MaxBytes}", response.StatusCode);
            }

            byte[] content = await ReadBodyAsync(response, shown, linked.Token).ConfigureAwait(false);
            if (headers.ContentLength is { } announced && announced != content.LongLength)
            {
                throw new SanctionsListDownloadException(
                    shown, SanctionsListDownloadFailure.Truncated, $"{content.LongLength} bytes received where Content-Length says {announced}", response.StatusCode);
            }

            if (content.Length == 0)
            {
                throw new SanctionsListDownloadException(shown, SanctionsListDownloadFailure.Empty, "the body is empty", response.StatusCode);
            }

            return new DownloadedSanctionsListFile(
                address, FileNameOf(address, fallbackFileName), content, Convert.ToHexStringLower(SHA256.HashData(content)), headers.LastModified, response.Headers.ETag?.Tag);
        }
        catch (Exception e) when (e is OperationCanceledException || (e is IOException or HttpRequestException && linked.IsCancellationRequested))
        {
            // A cancelled read can surface as an I/O error; the caller's own cancellation stays a cancellation.
            cancellationToken.ThrowIfCancellationRequested();
            string reason = timeout.IsCancellationRequested
                ? $"no complete answer within {_options.Timeout.TotalSeconds:0.###} s"
                : $"no complete answer within the HTTP client's timeout ({_httpClient.Timeout.TotalSeconds:0.###} s)";
            throw new SanctionsListDownloadException(shown, SanctionsListDownloadFailure.TimedOut, reason, null, e);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string shown, CancellationToken cancellationToken)
    {
        try
        {
            return await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SanctionsListDownloadException(shown, SanctionsListDownloadFailure.Unreachable, $"no answer: {e.Message}", e.StatusCode, e);
        }
    }

    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, string shown, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var body = new MemoryStream();
            Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > _options.MaxBytes)
                    {
                        throw new SanctionsListDownloadException(
                            shown, SanctionsListDownloadFailure.TooLarge, $"the body exceeds the limit of {_options.MaxBytes} bytes", response.StatusCode);
                    }

                    body.Write(buffer, 0, read);
                }
            }

            return body.ToArray();
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new SanctionsListDownloadException(shown, SanctionsListDownloadFailure.Truncated, $"the body was cut off: {e.Message}", response.StatusCode, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string FileNameOf(Uri address, string fallback)
    {
        string last = Uri.UnescapeDataString(address.Segments[^1]).Trim('/');
        return last.Length > 0 && Path.HasExtension(last) && last.IndexOfAny(Path.GetInvalidFileNameChars()) < 0 ? last : fallback;
    }
}
