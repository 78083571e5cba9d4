using OversightLedger.Cli.Execution;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Cli.Inputs;

/// <summary>
/// The log named by <c>--log</c>: a directory in the tlog-tiles layout, or the http(s) URL it is served under.
/// Read errors name the location, so the one-line failure says where reading broke.
/// </summary>
internal sealed class LogSource : ILogReader, IDisposable
{
    private static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(60);

    private readonly ILogReader _reader;
    private readonly HttpClient? _client;

    private LogSource(ILogReader reader, HttpClient? client)
    {
        _reader = reader;
        _client = client;
    }

    /// <inheritdoc/>
    public string Location => _reader.Location;

    /// <summary>Opens <paramref name="location"/>: an http:// or https:// URL, otherwise a directory that must exist.</summary>
    /// <exception cref="CommandFailedException">The directory does not exist or the URL is not valid.</exception>
    public static LogSource Open(string location)
    {
        if (location.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(location, UriKind.Absolute, out Uri? uri))
            {
                throw CommandFailedException.BadInput($"'{location}' is not a valid URL.");
            }

            var client = new HttpClient { Timeout = HttpTimeout };
            return new LogSource(new HttpLogReader(client, uri), client);
        }

        if (!Directory.Exists(location))
        {
            throw CommandFailedException.BadInput($"log directory '{location}' does not exist.");
        }

        return new LogSource(new FileSystemLogStorage(location), client: null);
    }

    /// <inheritdoc/>
    public async ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _reader.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw CommandFailedException.BadInput($"cannot read {path} from {Location}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw CommandFailedException.BadInput($"reading {path} from {Location} timed out after {HttpTimeout.TotalSeconds:0} s.", e);
        }
    }

    public void Dispose() => _client?.Dispose();
}
