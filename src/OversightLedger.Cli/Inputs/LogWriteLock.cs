using OversightLedger.Cli.Execution;

namespace OversightLedger.Cli.Inputs;

/// <summary>
/// An exclusive lock on a log directory for the one process that writes it (the writer is not safe against a
/// second writer). It is an advisory lock on <c>.oversight-write.lock</c>, which the kernel drops when the process
/// dies, so a killed append never leaves the log locked.
/// </summary>
internal sealed class LogWriteLock : IDisposable
{
    public const string FileName = ".oversight-write.lock";

    private readonly FileStream _file;

    private LogWriteLock(FileStream file)
    {
        _file = file;
    }

    /// <exception cref="CommandFailedException">Another process holds the lock (exit 2).</exception>
    public static LogWriteLock Acquire(string directory)
    {
        string path = Path.Combine(directory, FileName);
        try
        {
            // FileShare.None takes an exclusive flock on Unix; a second holder gets an IOException.
            return new LogWriteLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw CommandFailedException.BadInput($"another process is writing to the log in '{directory}' ({path} is locked).", e);
        }
    }

    public void Dispose() => _file.Dispose();
}
