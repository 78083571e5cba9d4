namespace OversightLedger.Server.Hosting;

/// <summary>
/// Where the server keeps secrets (the log's signing key, the pseudonym key, the grain database with its key hashes):
/// files created mode 0600 in directories created mode 0700. Modes are given at creation, so a secret is never
/// readable by others for a moment; a secret file or directory an earlier version left open to others is narrowed at
/// start-up, except a directory shared by design (see <see cref="EnsureDirectory"/>).
/// </summary>
internal static class SecretFiles
{
    /// <summary>rw------- : a secret file.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>rwx------ : a directory holding secrets.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates <paramref name="directory"/> (and missing parents) mode 0700, or narrows an existing one to 0700 — unless it
    /// is shared by design (world-writable or sticky, like <c>/tmp</c>): a data directory of <c>/tmp</c> must not close
    /// <c>/tmp</c> to everyone else, and the secrets in it are protected by their own 0600 modes.
    /// </summary>
    public static void EnsureDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, DirectoryMode);
            return;
        }

        UnixFileMode mode = File.GetUnixFileMode(directory);
        bool shared = (mode & (UnixFileMode.StickyBit | UnixFileMode.OtherWrite)) != 0;
        if (!shared && (mode & GroupOrOthers) != 0)
        {
            File.SetUnixFileMode(directory, DirectoryMode);
        }
    }

    /// <summary>Narrows an existing file an earlier version created with a wider mode to 0600; a missing file is left missing.</summary>
    public static void NarrowExisting(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & GroupOrOthers) != 0)
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }

    /// <summary>Creates the empty file <paramref name="path"/> mode 0600 if it does not exist (e.g. a database before SQLite opens it).</summary>
    public static void CreateEmptyIfMissing(string path)
    {
        if (File.Exists(path))
        {
            return;
        }

        try
        {
            using FileStream created = new(path, Options(System.IO.FileMode.CreateNew));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created meanwhile by another opener; its mode is checked by the caller's NarrowExisting.
        }
    }

    /// <summary>
    /// Readies an SQLite database file that holds secrets or private state before SQLite opens it: its directory 0700
    /// (see <see cref="EnsureDirectory"/>), the file created empty mode 0600 if missing (SQLite then gives its -wal and
    /// -shm the same mode), and the file, -wal and -shm an earlier version left readable by others narrowed to 0600.
    /// </summary>
    public static void PrepareDatabase(string path)
    {
        EnsureDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        CreateEmptyIfMissing(path);
        foreach (string file in new[] { path, path + "-wal", path + "-shm" })
        {
            NarrowExisting(file);
        }
    }

    /// <summary>
    /// Writes a new secret file: a temporary file created mode 0600 (a stale one is removed first, so its mode cannot
    /// be inherited), flushed to disk, then renamed to <paramref name="path"/>. The directory must exist.
    /// </summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> content)
    {
        string temporary = path + ".tmp";
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, Options(System.IO.FileMode.CreateNew)))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path);
    }

    private static FileStreamOptions Options(System.IO.FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }
}
