using OversightLedger.Cli.Execution;

namespace OversightLedger.Cli.Inputs;

/// <summary>
/// The entries to append, from a file or standard input. The whole input is checked before anything is
/// appended, so a line that is too long appends nothing; standard input is first copied to an unnamed
/// temporary file so it can be read twice.
/// </summary>
internal sealed class EntryInput : IDisposable
{
    private const int MaxBatchBytes = 256 << 20;

    private readonly Stream _stream;

    private EntryInput(Stream stream, string name)
    {
        _stream = stream;
        Name = name;
    }

    /// <summary>How the input is named in messages.</summary>
    public string Name { get; }

    /// <summary>Opens <paramref name="path"/>, or standard input when it is null or "-".</summary>
    public static async Task<EntryInput> OpenAsync(string? path, CancellationToken cancellationToken)
    {
        if (path is null or "-")
        {
            return new EntryInput(await SpoolStandardInputAsync(cancellationToken).ConfigureAwait(false), "standard input");
        }

        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Options = FileOptions.SequentialScan };
            return new EntryInput(new FileStream(path, options), $"'{path}'");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.BadInput($"cannot read input '{path}': {e.Message}", e);
        }
    }

    /// <summary>Reads the whole input once: counts its entries and fails on a line that is too long.</summary>
    public Task<ulong> CountEntriesAsync(CancellationToken cancellationToken)
    {
        _stream.Position = 0;
        return new EntryLineReader(_stream, Name).CountAsync(cancellationToken);
    }

    /// <summary>The entries in batches of at most <paramref name="batchEntries"/>, from the start of the input.</summary>
    public async IAsyncEnumerable<List<ReadOnlyMemory<byte>>> ReadBatchesAsync(
        int batchEntries,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _stream.Position = 0;
        var reader = new EntryLineReader(_stream, Name);
        List<ReadOnlyMemory<byte>> batch;
        while ((batch = await reader.ReadBatchAsync(batchEntries, MaxBatchBytes, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            yield return batch;
        }
    }

    public void Dispose() => _stream.Dispose();

    private static async Task<Stream> SpoolStandardInputAsync(CancellationToken cancellationToken)
    {
        string path = Path.Combine(Path.GetTempPath(), $"oversight-append-{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Options = FileOptions.DeleteOnClose,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var spool = new FileStream(path, options);
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.Delete(path); // Unlinked at once: nothing is left behind even if the process is killed.
            }

            await using Stream stdin = Console.OpenStandardInput();
            await stdin.CopyToAsync(spool, cancellationToken).ConfigureAwait(false);
            return spool;
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
