namespace OversightLedger.Cli.Tests.TestSupport;

/// <summary>Finds the shared test data: <c>$OVERSIGHT_SHARED</c>, or the folder <c>shared</c> beside the repository.</summary>
internal static class SharedData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The Go-written reference logs (<c>vectors/go-tlog</c>).</summary>
    public static string GoTlog => Path.Combine(Root.Value, "vectors", "go-tlog");

    /// <summary>A folder or file of <see cref="GoTlog"/>.</summary>
    public static string GoTlogPath(params string[] parts) => Path.Combine([GoTlog, .. parts]);

    /// <summary>The verifier key file of the reference logs.</summary>
    public static string GoTlogVerifierKey => GoTlogPath("verifier-key.txt");

    /// <summary>A folder or file of the sanctions-screening data (<c>sanctions/</c>).</summary>
    public static string SanctionsPath(params string[] parts) => Path.Combine([Root.Value, "sanctions", .. parts]);

    private static string FindRoot()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("OVERSIGHT_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(Path.Combine(fromEnvironment, "vectors")))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OversightLedger.sln")))
            {
                string candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                if (Directory.Exists(Path.Combine(candidate, "vectors")))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("The shared test data was not found: put it in ../shared beside the repository or set OVERSIGHT_SHARED.");
    }
}
