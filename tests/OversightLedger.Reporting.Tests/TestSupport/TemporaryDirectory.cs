namespace OversightLedger.Reporting.Tests.TestSupport;

/// <summary>A fresh directory under the system's temporary folder, deleted with everything in it on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"oversight-report-tests-{Guid.NewGuid():N}")).FullName;
    }

    public string Path { get; }

    /// <summary>A path inside the directory (nothing is created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner gets the rest.
        }
    }
}
