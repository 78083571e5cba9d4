using System.Text;
using OversightLedger.Cli.Execution;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Cli.Inputs;

/// <summary>Reads verifier and signer keys given on the command line, and writes new key files.</summary>
internal static class KeyFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// A verifier key given as the key string itself (<c>name+hash+base64</c>) or as the path of a file holding it
    /// (such as the <c>.vkey</c> file <c>log init</c> writes).
    /// </summary>
    /// <exception cref="CommandFailedException">It is neither a readable file nor a valid verifier key (exit 2).</exception>
    public static NoteVerifier ReadVerifier(string keyOrPath)
    {
        string text = File.Exists(keyOrPath) ? ReadKeyText(keyOrPath, "verifier key file") : keyOrPath.Trim();
        try
        {
            return new NoteVerifier(text);
        }
        catch (FormatException e)
        {
            string source = File.Exists(keyOrPath) ? $"'{keyOrPath}' does not hold a valid verifier key" : "--vkey is neither a file nor a valid verifier key";
            throw CommandFailedException.BadInput($"{source}: {e.Message}", e);
        }
    }

    /// <summary>The signer key in the file <paramref name="path"/> (<c>PRIVATE+KEY+name+hash+base64</c>).</summary>
    /// <exception cref="CommandFailedException">The file is missing or does not hold a valid signer key (exit 2).</exception>
    public static NoteSigner ReadSigner(string path)
    {
        string text = ReadKeyText(path, "signer key file");
        try
        {
            return new NoteSigner(text);
        }
        catch (FormatException e)
        {
            throw CommandFailedException.BadInput($"'{path}' does not hold a valid signer key: {e.Message}", e);
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/> with mode 0600 and writes a secret to it; never overwrites. A directory it needs
    /// is created mode 0700 (an existing one is the user's and keeps its mode).
    /// </summary>
    public static void WriteSecret(string path, string content)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, OwnerOnly | UnixFileMode.UserExecute);
            }
        }

        WriteNew(path, content, OwnerOnly);
    }

    /// <summary>Creates <paramref name="path"/> (default mode) and writes public text to it; never overwrites.</summary>
    public static void WritePublic(string path, string content) => WriteNew(path, content, unixMode: null);

    private static string ReadKeyText(string path, string what)
    {
        try
        {
            return File.ReadAllText(path, Encoding.UTF8).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.BadInput($"cannot read {what} '{path}': {e.Message}", e);
        }
    }

    private static void WriteNew(string path, string content, UnixFileMode? unixMode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (unixMode is { } mode && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, options);
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw CommandFailedException.BadInput($"'{path}' already exists; refusing to overwrite it.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.BadInput($"cannot create '{path}': {e.Message}", e);
        }

        using (stream)
        {
            stream.Write(Encoding.UTF8.GetBytes(content + "\n"));
            stream.Flush(flushToDisk: true);
        }
    }
}
