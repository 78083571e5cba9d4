using System.Text;
using OversightLedger.Cli.Execution;

namespace OversightLedger.Cli.Agency;

/// <summary>
/// The API key given as <c>--key</c>: the key itself, or <c>@FILE</c> for a file holding it (better: a key on the
/// command line is visible to other users in the process list and stays in shell history).
/// </summary>
internal static class ApiKeyArgument
{
    /// <summary>The key, read from the file when <paramref name="keyOrFile"/> starts with '@'.</summary>
    /// <exception cref="CommandFailedException">The file cannot be read, or the key is empty or holds spaces or control characters (exit 2).</exception>
    public static string Read(string keyOrFile)
    {
        string key = keyOrFile.StartsWith('@') ? ReadFile(keyOrFile[1..]) : keyOrFile.Trim();
        if (key.Length == 0)
        {
            throw CommandFailedException.BadInput(keyOrFile.StartsWith('@') ? $"the key file '{keyOrFile[1..]}' is empty." : "--key is empty.");
        }

        if (key.Any(c => c <= ' ' || c >= 0x7f))
        {
            throw CommandFailedException.BadInput("the API key holds spaces or characters that are not printable ASCII; is it the right file?");
        }

        return key;
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path, Encoding.UTF8).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.BadInput($"cannot read the key file '{path}': {e.Message}", e);
        }
    }
}
