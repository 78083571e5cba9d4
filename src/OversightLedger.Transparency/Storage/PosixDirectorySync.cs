using System.Runtime.InteropServices;

namespace OversightLedger.Transparency.Storage;

/// <summary>
/// fsync of a directory, which .NET has no API for: it makes a rename, a new file's name or a new
/// sub-directory durable. A no-op on Windows, where a file's own flush covers its metadata.
/// </summary>
public static partial class PosixDirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY: opening a directory read-only is portable; O_DIRECTORY's value is not.

    /// <summary>Flushes <paramref name="directory"/>'s entries to stable storage.</summary>
    /// <exception cref="IOException">The directory cannot be opened or synced.</exception>
    public static void Sync(string directory)
    {
        if (!OperatingSystem.IsWindows())
        {
            WithDirectory(directory, FSync, "fsync of directory");
        }
    }

    /// <summary>
    /// Flushes every file of the file system that holds <paramref name="directory"/> (Linux <c>syncfs</c>): the journaled
    /// log's point after which its older journals are redundant.
    /// </summary>
    /// <exception cref="IOException">The directory cannot be opened or the file system synced.</exception>
    internal static void SyncFileSystem(string directory) => WithDirectory(directory, SyncFs, "syncfs for");

    private static void WithDirectory(string directory, Func<int, int> call, string what)
    {
        int fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory {directory} to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (call(fd) != 0)
            {
                throw new IOException($"{what} {directory} failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
