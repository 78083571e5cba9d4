using OversightLedger.Cli.Execution;

namespace OversightLedger.Cli.Agency;

/// <summary>The ledger server named by <c>--server</c>: an absolute http(s) URL, kept with a trailing '/' so API paths resolve under it.</summary>
internal static class ServerAddress
{
    /// <summary>Parses <paramref name="text"/>; a server below a path prefix (https://host/ledger/) keeps its prefix.</summary>
    /// <exception cref="CommandFailedException">It is not an absolute http:// or https:// URL (exit 2).</exception>
    public static Uri Parse(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw CommandFailedException.BadInput($"--server '{text}' is not an http:// or https:// URL.");
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw CommandFailedException.BadInput($"--server '{text}' must not have a query or fragment.");
        }

        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
