using OversightLedger.Cli.Execution;

namespace OversightLedger.Cli.Agency;

/// <summary>A payment list on disk, opened for upload; its content type comes from its extension (.csv or .json).</summary>
internal sealed class PaymentListFile : IDisposable
{
    private PaymentListFile(string path, string contentType, FileStream stream)
    {
        Path = path;
        ContentType = contentType;
        Stream = stream;
    }

    public string Path { get; }

    /// <summary><c>text/csv</c> or <c>application/json</c>.</summary>
    public string ContentType { get; }

    public FileStream Stream { get; }

    /// <summary>Where the per-row results go by default: <c>PAYMENTS.results.csv</c> beside the list.</summary>
    public string DefaultResultsPath => System.IO.Path.ChangeExtension(Path, ".results.csv");

    /// <exception cref="CommandFailedException">The extension is neither .csv nor .json, or the file cannot be read or is empty (exit 2).</exception>
    public static PaymentListFile Open(string path)
    {
        string contentType = System.IO.Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".CSV" => "text/csv",
            ".JSON" => "application/json",
            _ => throw CommandFailedException.BadInput($"'{path}' is neither a .csv nor a .json file; the extension says how the payment list is sent."),
        };

        FileStream stream;
        try
        {
            stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Options = FileOptions.SequentialScan | FileOptions.Asynchronous });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.BadInput($"cannot read the payment list '{path}': {e.Message}", e);
        }

        if (stream.Length == 0)
        {
            stream.Dispose();
            throw CommandFailedException.BadInput($"the payment list '{path}' is empty.");
        }

        return new PaymentListFile(path, contentType, stream);
    }

    public void Dispose() => Stream.Dispose();
}
