namespace OversightLedger.Transparency.Tests.TestSupport;

/// <summary>Finds the external test data in <c>../shared</c> beside the repository (or <c>$OVERSIGHT_SHARED</c>).</summary>
internal static class SharedData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The shared folder.</summary>
    public static string Directory => Root.Value;

    /// <summary>A path inside the shared folder, e.g. <c>Path("vectors", "rfc6962-reference.json")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    /// <summary>The goverify oracle binary built by <c>scripts/test</c>, or null when it was not built.</summary>
    public static string? GoVerify
    {
        get
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable("OVERSIGHT_GOVERIFY");
            if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment))
            {
                return fromEnvironment;
            }

            string? repo = RepositoryRoot();
            string candidate = System.IO.Path.Combine(repo ?? ".", ".ci", "tools", "goverify", "goverify");
            return File.Exists(candidate) ? candidate : null;
        }
    }

    /// <summary>The repository root (the folder holding OversightLedger.sln).</summary>
    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "OversightLedger.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string FindRoot()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("OVERSIGHT_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment) && System.IO.Directory.Exists(System.IO.Path.Combine(fromEnvironment, "vectors")))
        {
            return fromEnvironment;
        }

        string? repo = RepositoryRoot();
        string candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(repo ?? ".", "..", "shared"));
        if (System.IO.Directory.Exists(System.IO.Path.Combine(candidate, "vectors")))
        {
            return candidate;
        }

        throw new InvalidOperationException("The shared test data was not found: put it in ../shared beside the repository or set OVERSIGHT_SHARED.");
    }
}
