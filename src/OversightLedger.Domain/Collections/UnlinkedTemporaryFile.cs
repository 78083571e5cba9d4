using Microsoft.Win32.SafeHandles;

namespace OversightLedger.Domain.Collections;

/// <summary>
/// A temporary file that state too large or too old to keep in memory is written out to (closed periods of a replay, a
/// watchdog's old quarters): opened for reading and writing, its name removed at once where the system allows it, so the
/// open handle keeps the data and nothing is left to clean up when the process ends, however it ends.
/// </summary>
internal static class UnlinkedTemporaryFile
{
    /// <summary>Creates one in the temporary directory, named after <paramref name="purpose"/> until it is unlinked.</summary>
    public static SafeFileHandle Create(string purpose)
    {
        string path = Path.Combine(Path.GetTempPath(), $"{purpose}-{Guid.NewGuid():N}.tmp");
        SafeFileHandle file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path); // the open handle keeps the data; no name is left to clean up
        }

        return file;
    }
}
