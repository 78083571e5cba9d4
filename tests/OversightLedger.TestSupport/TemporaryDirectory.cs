namespace OversightLedger.TestSupport;

/// <summary>A fresh directory under the system's temporary folder, deleted with everything in it on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    /// <summary>Creates <c>TEMP/PREFIXGUID</c>; the prefix names what made it, for someone who finds it left behind.</summary>
    public TemporaryDirectory(string prefix = "oversight-tests-")
    {
        Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}{Guid.NewGuid():N}")).FullName;
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>A path inside the directory (nothing is created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A killed child may still hold a file for a moment, or a directory is 0700 and another user's;
            // the OS temp cleaner gets the rest.
        }
    }
}
