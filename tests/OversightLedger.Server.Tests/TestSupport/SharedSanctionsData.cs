namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>Finds <c>sanctions/</c> of the shared test data: <c>$OVERSIGHT_SHARED</c>, or <c>../shared</c> beside the repository.</summary>
internal static class SharedSanctionsData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>A file or folder under <c>shared/sanctions</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string FindRoot()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("OVERSIGHT_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(System.IO.Path.Combine(fromEnvironment, "sanctions")))
        {
            return System.IO.Path.Combine(fromEnvironment, "sanctions");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "sanctions"));
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "OversightLedger.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("The shared sanctions data was not found: put it in ../shared beside the repository or set OVERSIGHT_SHARED.");
    }
}
