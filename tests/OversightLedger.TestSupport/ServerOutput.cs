namespace OversightLedger.TestSupport;

/// <summary>
/// What a server process prints: its last lines in memory, for failure messages and <see cref="ServerProcess.Printed"/>,
/// and, when asked, every line appended to <c>server.out</c> and <c>server.err</c>.
/// </summary>
internal sealed class ServerOutput(int lines, string? directory) : IDisposable
{
    private readonly Queue<string> _recent = new();
    private readonly Lock _gate = new();
    private StreamWriter? _out;
    private StreamWriter? _err;

    /// <summary>A line of standard output (null at its end).</summary>
    public void Output(string? line) => Add(line, ref _out, "server.out");

    /// <summary>A line of standard error (null at its end).</summary>
    public void Error(string? line) => Add(line, ref _err, "server.err");

    /// <summary>A line of the launcher's own (a start, a kill), in memory only.</summary>
    public void Note(string line) => Add(line);

    public bool Contains(string text)
    {
        lock (_gate)
        {
            return _recent.Any(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    public string Recent()
    {
        lock (_gate)
        {
            return string.Join('\n', _recent);
        }
    }

    /// <summary>Writes what is buffered to the files (the process has gone, so nothing follows until the next start).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            _out?.Flush();
            _err?.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _out?.Dispose();
            _err?.Dispose();
            _out = null;
            _err = null;
        }
    }

    private void Add(string? line, ref StreamWriter? file, string fileName)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (directory is not null)
            {
                file ??= new StreamWriter(new FileStream(Path.Combine(directory, fileName), FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16));
                file.WriteLine(line);
            }

            Remember(line);
        }
    }

    private void Add(string line)
    {
        lock (_gate)
        {
            Remember(line);
        }
    }

    private void Remember(string line)
    {
        _recent.Enqueue(line);
        while (_recent.Count > lines)
        {
            _recent.Dequeue();
        }
    }
}
