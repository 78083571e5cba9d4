namespace OversightLedger.Anchoring.Tests;

/// <summary>Finds the shared test vectors: <c>$OVERSIGHT_SHARED/vectors</c>, or <c>shared/vectors</c> beside the repository.</summary>
internal static class SharedVectors
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The vectors folder.</summary>
    public static string Directory => Root.Value;

    private static string FindRoot()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("OVERSIGHT_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment) && System.IO.Directory.Exists(Path.Combine(fromEnvironment, "vectors")))
        {
            return Path.Combine(fromEnvironment, "vectors");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "vectors"));
            if (File.Exists(Path.Combine(dir.FullName, "OversightLedger.sln")) && System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("The shared test vectors were not found: put them in ../shared beside the repository or set OVERSIGHT_SHARED.");
    }
}
