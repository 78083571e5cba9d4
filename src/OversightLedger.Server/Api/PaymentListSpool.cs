namespace OversightLedger.Server.Api;

/// <summary>
/// A payment list's body, received into an unlinked temporary file (owner-only, no name left behind even after a kill) and
/// hashed as it arrives. A list is read from here more than once (checked whole before any row is paid, then paid chunk by
/// chunk) without ever being held in memory: 100,000 rows are a few megabytes of file, not a hundred of objects.
/// </summary>
internal sealed class PaymentListSpool : IAsyncDisposable
{
    private readonly FileStream _file;

    private PaymentListSpool(FileStream file, string sha256)
    {
        _file = file;
        Sha256 = sha256;
    }

    /// <summary>The SHA-256 of the body as sent, in lower-case hex (a list sent for vetting is logged with it).</summary>
    public string Sha256 { get; }

    /// <summary>Reads the whole body (the endpoint's size limit still applies: over it, the read throws) into a new spool.</summary>
    public static async Task<PaymentListSpool> ReceiveAsync(Stream body, CancellationToken cancellationToken)
    {
        FileStream file = CreateTemporaryFile("oversight-payment-list");
        try
        {
            var hashing = new HashingReadStream(body);
            await hashing.CopyToAsync(file, cancellationToken);
            await file.FlushAsync(cancellationToken);
            return new PaymentListSpool(file, await hashing.FinishAsync(cancellationToken));
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A read-write file for a request's own scratch data: created owner-only, unlinked at once where the system allows
    /// (the open handle keeps the data, so a killed server leaves nothing), deleted on close elsewhere.
    /// </summary>
    public static FileStream CreateTemporaryFile(string purpose)
    {
        string path = Path.Combine(Path.GetTempPath(), $"{purpose}-{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
            BufferSize = 64 * 1024,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var file = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }

        return file;
    }

    /// <summary>The body from its first byte; the stream stays the spool's (a reader must leave it open).</summary>
    public Stream Rewind()
    {
        _file.Position = 0;
        return _file;
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
